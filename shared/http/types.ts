import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { RouteDecl } from '../manifest-types.ts';
import type { User } from '../schemas/users.ts';

/** API Gateway renders every JWT claim as a string; the public routes come without an authorizer. */
export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

export interface ApiRequest {
  route: RouteDecl;
  params: any;
  query: any;
  body: any;
  headers: Record<string, string | undefined>;
  /** The signed-in user from our own records; undefined only on public routes. */
  user: User | undefined;
  requestId: string;
  event: ApiEvent;
}

export interface ApiResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A raw body (HTML, CSV); `body` is serialized as JSON otherwise. */
  raw?: string;
  /** `raw` is base64 of bytes (an image, a gzipped file): API Gateway decodes it for the client. */
  isBase64Encoded?: boolean;
}

export type RouteImpl = (req: ApiRequest) => Promise<ApiResponse | unknown>;
