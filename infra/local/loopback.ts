/**
 * DNS rebinding defence for the embedded host's HTTP servers. A web page of another origin can
 * make its own host name resolve to 127.0.0.1 and then talk to a local server as if it were
 * same-origin; the browser still sends that name in the Host header. Only loopback names can
 * be meant for a server that listens on loopback, so anything else is refused.
 * infra/local/dynamodb/Launcher.java applies the same rule to DynamoDB Local.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

export const isLoopbackHost = (host: string | undefined): boolean => host !== undefined && LOOPBACK_HOST.test(host);

/**
 * Answers 421 Misdirected Request (the request names a server this is not) in API Gateway's
 * `{ "message" }` shape and returns true when the Host header is not a loopback name.
 */
export const refuseForeignHost = (req: IncomingMessage, res: ServerResponse, contentType = 'application/json'): boolean => {
  // Node keeps the first of several Host headers; a request with two names two servers (RFC 9112: 400).
  const hosts = req.rawHeaders.filter((_, i) => i % 2 === 0 && req.rawHeaders[i]!.toLowerCase() === 'host').length;
  if (hosts > 1) {
    res.writeHead(400, { 'content-type': contentType });
    res.end(JSON.stringify({ message: 'More than one Host header' }));
    return true;
  }
  // An absolute-form target (`GET http://name/…`) names its server instead of the Host header.
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(req.url ?? '') ? (URL.parse(req.url!)?.host ?? '') : undefined;
  const host = absolute ?? req.headers.host;
  if (isLoopbackHost(host)) return false;
  const named = host === undefined ? 'No Host header' : `${absolute ? 'Target host' : 'Host header'} ${JSON.stringify(host)} is not a loopback name`;
  res.writeHead(421, { 'content-type': contentType });
  res.end(
    JSON.stringify({
      message: `${named}: this local endpoint answers only requests addressed to 127.0.0.1, localhost or [::1] (DNS rebinding protection)`,
    }),
  );
  return true;
};
