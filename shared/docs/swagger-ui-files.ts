/**
 * The files of the npm package swagger-ui-dist that the API reference serves, with their
 * content types. The manifest deploys exactly these beside the function's bundle.
 */
export const SWAGGER_UI_FILES: Record<string, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};
