/**
 * The files of the browsable reference: Swagger UI's script, styles and icons from the npm
 * package swagger-ui-dist (read where the package is installed: node_modules here, and beside
 * the bundle in Lambda, where the stack copies them), and our own start-up script. Each is read
 * once per process and kept with its hash, which names its version in URLs and ETags.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { INIT_SCRIPT } from './page.ts';
import { SWAGGER_UI_FILES } from './swagger-ui-files.ts';

export interface Asset {
  contentType: string;
  body: Buffer;
  /** First 16 hex digits of its SHA-256: the `?v=` of its URL and its ETag. */
  hash: string;
  /** Gzipped, for clients that accept it; absent where it would not be smaller (images). */
  gzip?: Buffer;
}

/** swagger-ui-dist's folder, found by module resolution from here (in Lambda: beside the bundle). */
const packageDir = () => dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const prepared = (contentType: string, body: Buffer): Asset => ({
  contentType,
  body,
  hash: createHash('sha256').update(body).digest('hex').slice(0, 16),
  gzip: contentType.startsWith('image/') ? undefined : gzipSync(body, { level: 9 }),
});

const cache = new Map<string, Asset>();

/** The asset served at /docs/<name>, or undefined for any other name. */
export const docsAsset = (name: string): Asset | undefined => {
  let a = cache.get(name);
  if (!a) {
    if (name === 'init.js') a = prepared('text/javascript; charset=utf-8', Buffer.from(INIT_SCRIPT, 'utf8'));
    else if (Object.hasOwn(SWAGGER_UI_FILES, name)) a = prepared(SWAGGER_UI_FILES[name]!, readFileSync(join(packageDir(), name)));
    else return undefined;
    cache.set(name, a);
  }
  return a;
};

/** An asset's URL relative to the page's folder, with its version, so a new version is never served from a stale cache. */
export const assetUrl = (base: string, name: string): string => `${base}${name}?v=${docsAsset(name)!.hash}`;

/** The page as an asset (HTML made once per base). */
export const pageAsset = (html: string): Asset => prepared('text/html; charset=utf-8', Buffer.from(html, 'utf8'));
