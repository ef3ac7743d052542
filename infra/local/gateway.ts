/**
 * A local stand-in for the API Gateway HTTP API: it checks the bearer token as the JWT
 * authorizer with route scopes does (401 for a bad token, 403 without the API scope), matches
 * routes as API Gateway does (404 for anything else), builds the same APIGatewayProxyEventV2
 * (claims as strings under requestContext.authorizer.jwt) and calls the same handler. Like an
 * HTTP API it waits for a function at most 30 seconds (503), and answers a function error 500.
 * Unlike API Gateway it answers only requests addressed to a loopback name (infra/local/loopback.ts).
 */
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import type { Clock } from '../../shared/clock.ts';
import type { Manifest, RouteDecl } from '../../shared/manifest-types.ts';
import { routeKey } from '../../shared/manifest-types.ts';
import type { FunctionHost } from './functions.ts';
import { LOCAL_SCOPE, type LocalIssuer } from './issuer.ts';
import { refuseForeignHost } from './loopback.ts';

const MAX_BODY = 10 * 1024 * 1024;

/** How long an HTTP API waits for its integration, whatever the function's own timeout (a fixed quota). */
export const HTTP_API_INTEGRATION_TIMEOUT_MS = 30_000;

const INTEGRATION_TIMED_OUT = Symbol('integration timed out');

/** The function's result, or INTEGRATION_TIMED_OUT when the HTTP API stops waiting; the function runs on regardless. */
const awaitIntegration = (work: Promise<unknown>, timeoutMs: number): Promise<unknown> => {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<typeof INTEGRATION_TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(INTEGRATION_TIMED_OUT), timeoutMs);
  });
  work.catch(() => undefined);
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
};

interface CompiledRoute {
  route: RouteDecl;
  method: string;
  regex: RegExp;
  names: string[];
  literalSegments: number;
}

const compile = (route: RouteDecl): CompiledRoute => {
  const names: string[] = [];
  let literalSegments = 0;
  const pattern = route.path
    .split('/')
    .map((seg) => {
      const greedy = /^\{(\w+)\+\}$/.exec(seg);
      if (greedy) {
        names.push(greedy[1]!);
        // Empty too: API Gateway routes `/docs/` (a trailing slash) to `/docs/{proxy+}`.
        return '(.*)';
      }
      const param = /^\{(\w+)\}$/.exec(seg);
      if (param) {
        names.push(param[1]!);
        return '([^/]+)';
      }
      literalSegments++;
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { route, method: route.method, regex: new RegExp(`^${pattern}$`), names, literalSegments };
};

/** API Gateway renders every claim as a string; arrays become `[a b]`. */
export const renderClaims = (payload: JWTPayload): Record<string, string> =>
  Object.fromEntries(
    Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)]),
  );

/** API Gateway reads route scopes from `scope` or `scp`. */
const scopesOf = (payload: JWTPayload): string[] | null => {
  const raw = payload.scope ?? payload.scp;
  if (typeof raw === 'string') return raw.split(' ').filter(Boolean);
  if (Array.isArray(raw)) return raw.map(String);
  return null;
};

/** undefined for a malformed escape (`%ZZ`, or bytes that are not UTF-8 such as `%ED%A0%80`). */
const decodePathSegment = (s: string): string | undefined => {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
};

export interface Gateway {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export const startGateway = async (opts: {
  manifest: Manifest;
  functions: FunctionHost;
  issuer: LocalIssuer;
  clock: Clock;
  port: number;
  /** Tests shorten it; it is HTTP_API_INTEGRATION_TIMEOUT_MS otherwise. */
  integrationTimeoutMs?: number;
}): Promise<Gateway> => {
  const routes = opts.manifest.routes.map(compile).sort((a, b) => b.literalSegments - a.literalSegments);

  const match = (method: string, path: string) => {
    for (const r of routes) {
      if (r.method !== method) continue;
      const m = r.regex.exec(path);
      if (m) return { r, params: Object.fromEntries(r.names.map((n, i) => [n, decodePathSegment(m[i + 1]!)])) };
    }
    return undefined;
  };

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', 'apigw-requestid': randomUUID(), ...headers });
    res.end(body);
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<Buffer | 'too-large'>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) resolve('too-large');
        else chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (refuseForeignHost(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://local');
    const method = (req.method ?? 'GET').toUpperCase();
    const found = match(method, url.pathname);
    if (!found) return send(res, 404, JSON.stringify({ message: 'Not Found' }));
    const { r } = found;
    // A bad escape is the client's mistake: 400 naming the path, not a 500 from decodeURIComponent.
    if (Object.values(found.params).includes(undefined)) {
      return send(res, 400, JSON.stringify({ message: `Malformed percent-encoding in path ${url.pathname}` }));
    }
    const params = found.params as Record<string, string>;

    let claims: Record<string, string> | undefined;
    let scopes: string[] | null = null;
    if (r.route.access !== 'public') {
      const auth = req.headers.authorization ?? '';
      const token = /^Bearer (.+)$/i.exec(auth)?.[1];
      if (!token) return send(res, 401, JSON.stringify({ message: 'Unauthorized' }), { 'www-authenticate': 'Bearer' });
      let payload: JWTPayload;
      try {
        payload = await opts.issuer.verify(token);
      } catch {
        return send(res, 401, JSON.stringify({ message: 'Unauthorized' }), { 'www-authenticate': 'Bearer error="invalid_token"' });
      }
      claims = renderClaims(payload);
      scopes = scopesOf(payload);
      // Every non-public route requires the API scope, as in AWS: ID tokens carry no scope.
      if (!scopes?.includes(LOCAL_SCOPE)) {
        return send(res, 403, JSON.stringify({ message: 'Forbidden' }), {
          'www-authenticate': `Bearer scope="${LOCAL_SCOPE}" error="insufficient_scope" error_description="expected scopes: [${LOCAL_SCOPE}]"`,
        });
      }
    }

    const raw = await readBody(req);
    if (raw === 'too-large') return send(res, 413, JSON.stringify({ message: 'Request Entity Too Large' }));
    const contentType = String(req.headers['content-type'] ?? '');
    // Text that is not valid UTF-8 goes to the function as bytes (base64), as any binary body
    // does, so the function can refuse it instead of reading replacement characters.
    const textual = raw.length === 0 || (/json|text|xml|x-www-form-urlencoded/.test(contentType) && isUtf8(raw));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
    const now = opts.clock.now();
    const requestId = randomUUID();
    const event = {
      version: '2.0',
      routeKey: routeKey(r.route),
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      cookies: req.headers.cookie?.split(';').map((c) => c.trim()),
      headers,
      queryStringParameters: Object.keys(query).length ? query : undefined,
      pathParameters: Object.keys(params).length ? params : undefined,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        authorizer: claims ? { jwt: { claims, scopes } } : undefined,
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey: routeKey(r.route),
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      },
      body: raw.length ? (textual ? raw.toString('utf8') : raw.toString('base64')) : undefined,
      isBase64Encoded: raw.length > 0 && !textual,
    };

    let result: unknown;
    try {
      result = await awaitIntegration(opts.functions.invoke(r.route.function, event), opts.integrationTimeoutMs ?? HTTP_API_INTEGRATION_TIMEOUT_MS);
    } catch (e) {
      // A function error, its own timeout (Sandbox.Timedout) or an oversized response, as an HTTP API answers each.
      // Lambda would log it to the function's log group; here it goes to stderr, the error's name
      // and message only (never the request).
      const err = e as { name?: string; errorType?: string; message?: string };
      process.stderr.write(
        `${routeKey(r.route)} (${r.route.function}) failed, answered 500: ${err.errorType ?? err.name ?? 'Error'}: ${String(err.message ?? e).slice(0, 300)}\n`,
      );
      return send(res, 500, JSON.stringify({ message: 'Internal Server Error' }));
    }
    if (result === INTEGRATION_TIMED_OUT) return send(res, 503, JSON.stringify({ message: 'Service Unavailable' }));
    const out = result as APIGatewayProxyStructuredResultV2;
    if (out && typeof out === 'object' && 'statusCode' in out) {
      const body = out.body === undefined ? '' : out.isBase64Encoded ? Buffer.from(out.body, 'base64') : out.body;
      const hdrs = Object.fromEntries(Object.entries(out.headers ?? {}).map(([k, v]) => [k, String(v)]));
      res.writeHead(out.statusCode ?? 200, { 'apigw-requestid': requestId, ...hdrs, ...(out.cookies?.length ? { 'set-cookie': out.cookies } : {}) });
      return res.end(body);
    }
    return send(res, 200, JSON.stringify(result ?? null));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ message: 'Internal Server Error' }));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
};
