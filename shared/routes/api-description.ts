/** The API reference: the OpenAPI document and the browsable page with its files. */
import { route } from '../manifest-types.ts';
import { DocsFileParams, DocsFileQuery } from '../schemas/docs.ts';

/** A reply to a conditional GET whose If-None-Match still holds: the cached copy is current. */
const NOT_MODIFIED = { status: 304, description: 'Not modified: the copy the client holds (If-None-Match) is current' };

export const apiDescriptionRoutes = [
  route({
    method: 'GET',
    path: '/openapi.json',
    function: 'apiDescription',
    access: 'public',
    tag: 'operations',
    summary: 'This API described as OpenAPI 3.1',
    response: { status: 200, contentType: 'application/json' },
  }),
  route({
    method: 'GET',
    path: '/docs',
    function: 'apiDescription',
    access: 'public',
    tag: 'operations',
    summary: 'Browsable API reference (Swagger UI, served from this API: no external site)',
    response: { status: 200, contentType: 'text/html' },
    otherResponses: [NOT_MODIFIED],
  }),
  route({
    method: 'GET',
    path: '/docs/{file+}',
    function: 'apiDescription',
    access: 'public',
    tag: 'operations',
    summary: 'The browsable reference at /docs/, and the scripts, styles and icons it loads (cached; versioned by content)',
    params: DocsFileParams,
    query: DocsFileQuery,
    response: { status: 200, contentType: 'text/html', contentTypes: ['text/css', 'text/javascript', 'image/png'] },
    errors: ['NOT_FOUND'],
    otherResponses: [NOT_MODIFIED],
  }),
] as const;
