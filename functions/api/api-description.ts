import { apiHandler } from '../../shared/http/api-handler.ts';
import { buildOpenApi, docsPage } from '../../shared/openapi.ts';

let cached: unknown;

export const handler = apiHandler('apiDescription', {
  'GET /openapi.json': async () => ({ body: (cached ??= buildOpenApi()) }),
  'GET /docs': async () => ({ raw: docsPage('openapi.json'), headers: { 'content-type': 'text/html; charset=utf-8' } }),
});
