import { type Asset, assetUrl, docsAsset, pageAsset } from '../../shared/docs/assets.ts';
import { DOCS_CSP, docsPage } from '../../shared/docs/page.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { publicHandler } from '../../shared/http/public-handler.ts';
import { IMMUTABLE, REVALIDATE, staticReply } from '../../shared/http/static-reply.ts';
import type { ApiRequest } from '../../shared/http/types.ts';
import { buildOpenApi } from '../../shared/openapi.ts';
import { apiDescriptionRoutes } from '../../shared/routes/api-description.ts';

let openApiDocument: unknown;
const pages = new Map<string, Asset>();

/**
 * The page at /docs links to `docs/<file>` and `openapi.json`; at /docs/ to `<file>` and
 * `../openapi.json`: relative links, so it works behind any base path.
 */
const page = (req: ApiRequest, base: 'docs/' | '') => {
  let p = pages.get(base);
  if (!p) {
    p = pageAsset(docsPage(base ? 'openapi.json' : '../openapi.json', (name) => assetUrl(base, name)));
    pages.set(base, p);
  }
  return staticReply(req, p, REVALIDATE, { 'content-security-policy': DOCS_CSP, 'referrer-policy': 'no-referrer' });
};

export const handler = publicHandler(apiDescriptionRoutes, {
  'GET /openapi.json': async () => {
    openApiDocument ??= buildOpenApi();
    return { body: openApiDocument, headers: { 'cache-control': REVALIDATE } };
  },
  'GET /docs': async (req) => page(req, 'docs/'),
  'GET /docs/{file+}': async (req) => {
    const file = req.params.file ?? '';
    if (file === '') return page(req, '');
    const asset = docsAsset(file);
    if (!asset) throw new NotFoundError(`No file ${file} in the API reference`, '接口参考中没有该文件');
    // Versioned URLs (what the page links to) never change; anything else is checked each time.
    return staticReply(req, asset, req.query.v === asset.hash ? IMMUTABLE : REVALIDATE);
  },
});
