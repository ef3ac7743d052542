/**
 * The headers of a file served for download: RFC 6266 with an ASCII fallback name, and the real
 * (Chinese) name as RFC 5987 `filename*`, whose attr-char leaves no room for ' ( ) * unescaped.
 */
export const attachmentHeaders = (fileName: string, fallback: string): Record<string, string> => ({
  'content-disposition': `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
  'cache-control': 'no-store',
});
