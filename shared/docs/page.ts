/**
 * The browsable API reference: Swagger UI on this API's own OpenAPI document. Everything it
 * loads comes from this API (no CDN, no external URL; the online validator is turned off), so
 * it works on an office network without internet access. Links are relative, because the page
 * is served both at /docs and at /docs/ (and behind any base path).
 */

/** Starts Swagger UI on the document named by the page (a script of its own: no inline script is needed). */
export const INIT_SCRIPT = `window.addEventListener('load', function () {
  var root = document.getElementById('swagger-ui');
  window.ui = SwaggerUIBundle({
    url: root.getAttribute('data-spec'),
    domNode: root,
    deepLinking: true,
    validatorUrl: null,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    displayRequestDuration: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout'
  });
});
`;

/** What the page may load: only this origin (Swagger UI styles elements inline and draws icons as data: images). */
export const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** `spec` is the document's URL relative to the page, `url(name)` a file's versioned URL relative to it. */
export const docsPage = (spec: string, url: (name: string) => string): string => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bianzhi API 参考 · 机构编制闭环管理接口</title>
<link rel="stylesheet" href="${escapeHtml(url('swagger-ui.css'))}">
<link rel="icon" type="image/png" sizes="32x32" href="${escapeHtml(url('favicon-32x32.png'))}">
<link rel="icon" type="image/png" sizes="16x16" href="${escapeHtml(url('favicon-16x16.png'))}">
</head>
<body>
<noscript><p>这份接口参考需要启用 JavaScript。The machine-readable description is at <a href="${escapeHtml(spec)}">openapi.json</a>.</p></noscript>
<div id="swagger-ui" data-spec="${escapeHtml(spec)}"></div>
<script src="${escapeHtml(url('swagger-ui-bundle.js'))}"></script>
<script src="${escapeHtml(url('init.js'))}"></script>
</body>
</html>
`;
