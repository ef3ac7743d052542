/**
 * A reply with a file's content, for routes that serve files (the API reference): its content
 * type, an ETag so a client's copy is revalidated with a 304 instead of downloaded again,
 * gzip for clients that accept it (API Gateway HTTP APIs do not compress), and the caching
 * the caller chooses.
 */
import type { Asset } from '../docs/assets.ts';
import type { ApiRequest, ApiResponse } from './types.ts';

/** Cached for a year and never revalidated: for URLs that carry the content's version. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Kept, but checked with the server (ETag) before each use: for URLs whose content may change. */
export const REVALIDATE = 'no-cache';

export const staticReply = (req: ApiRequest, asset: Asset, cacheControl: string, extra: Record<string, string> = {}): ApiResponse => {
  const etag = `"${asset.hash}"`;
  const headers: Record<string, string> = {
    'content-type': asset.contentType,
    'cache-control': cacheControl,
    etag,
    'x-content-type-options': 'nosniff',
    ...(asset.gzip ? { vary: 'accept-encoding' } : {}),
    ...extra,
  };
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*')) {
    return { status: 304, raw: '', headers };
  }
  const gzip = asset.gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  return gzip
    ? { status: 200, raw: asset.gzip!.toString('base64'), isBase64Encoded: true, headers: { ...headers, 'content-encoding': 'gzip' } }
    : asset.contentType.startsWith('image/')
      ? { status: 200, raw: asset.body.toString('base64'), isBase64Encoded: true, headers }
      : { status: 200, raw: asset.body.toString('utf8'), headers };
};
