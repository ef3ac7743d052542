/**
 * The browsable reference: Swagger UI from the npm package, served by the API itself at /docs
 * and /docs/ (no CDN, nothing external in the page), with content types and caching that let a
 * browser keep the large files; /openapi.json stays.
 */

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../support/host.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
beforeAll(async () => {
  host = await startTestHost();
}, 60_000);
afterAll(async () => host?.cleanup());

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });
const swaggerFile = (name: string) => readFileSync(`node_modules/swagger-ui-dist/${name}`);
/** The URLs a page loads: stylesheets, icons, scripts. */
const loads = (html: string) => [...html.matchAll(/<(?:link|script)\b[^>]*?(?:href|src)="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));

describe('API reference', () => {
  it.each([
    ['/docs', 'openapi.json'],
    ['/docs/', '../openapi.json'],
  ])('%s is Swagger UI on this API’s own document, loading nothing from elsewhere', async (path, spec) => {
    const page = await get(`${host.apiUrl}${path}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'/);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>(?!<\/script>)/); // no inline script: the CSP allows none
    expect(html).toContain(`data-spec="${spec}"`);
    const urls = loads(html).map((u) => new URL(u, `${host.apiUrl}${path}`));
    expect(urls.map((u) => u.pathname).sort()).toEqual([
      '/docs/favicon-16x16.png',
      '/docs/favicon-32x32.png',
      '/docs/init.js',
      '/docs/swagger-ui-bundle.js',
      '/docs/swagger-ui.css',
    ]);
    for (const u of urls) {
      const res = await get(u.href);
      expect(res.status, u.pathname).toBe(200);
      expect(res.headers.get('cache-control'), u.pathname).toBe('public, max-age=31536000, immutable');
    }
    const doc = await get(new URL(spec, `${host.apiUrl}${path}`).href);
    expect(((await doc.json()) as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('serves the package’s own files with their content types', async () => {
    const bundle = await get(`${host.apiUrl}/docs/swagger-ui-bundle.js`);
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(Buffer.from(await bundle.arrayBuffer()).equals(swaggerFile('swagger-ui-bundle.js'))).toBe(true);
    const css = await get(`${host.apiUrl}/docs/swagger-ui.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(Buffer.from(await css.arrayBuffer()).equals(swaggerFile('swagger-ui.css'))).toBe(true);
    const icon = await get(`${host.apiUrl}/docs/favicon-32x32.png`);
    expect(icon.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await icon.arrayBuffer()).equals(swaggerFile('favicon-32x32.png'))).toBe(true);
    for (const r of [bundle, css, icon]) expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('starts Swagger UI with the online validator off and nothing external', async () => {
    const init = await (await get(`${host.apiUrl}/docs/init.js`)).text();
    expect(init).toMatch(/SwaggerUIBundle\(/);
    expect(init).toMatch(/validatorUrl: null/);
    expect(init).not.toMatch(/https?:\/\//);
  });

  it('revalidates with the ETag (304), and gzips what it can for clients that take it', async () => {
    const first = await get(`${host.apiUrl}/docs/swagger-ui.css`, { 'accept-encoding': 'gzip' });
    expect(first.headers.get('content-encoding')).toBe('gzip');
    expect(first.headers.get('vary')).toBe('accept-encoding');
    expect(Buffer.from(await first.arrayBuffer()).equals(swaggerFile('swagger-ui.css'))).toBe(true); // fetch inflates it
    const again = await get(`${host.apiUrl}/docs/swagger-ui.css`, { 'if-none-match': first.headers.get('etag')! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const page = await get(`${host.apiUrl}/docs`);
    expect((await get(`${host.apiUrl}/docs`, { 'if-none-match': page.headers.get('etag')! })).status).toBe(304);
  });

  it('answers 404 for any other file, and keeps the short cache for unversioned URLs', async () => {
    const missing = await get(`${host.apiUrl}/docs/swagger-ui.css.map`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect((await get(`${host.apiUrl}/docs/../package.json`)).status).not.toBe(200);
    expect((await get(`${host.apiUrl}/docs/swagger-ui.css`)).headers.get('cache-control')).toBe('no-cache');
  });
});
