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
  const host = req.headers.host;
  if (isLoopbackHost(host)) return false;
  const named = host === undefined ? 'No Host header' : `Host header ${JSON.stringify(host)} is not a loopback name`;
  res.writeHead(421, { 'content-type': contentType });
  res.end(
    JSON.stringify({
      message: `${named}: this local endpoint answers only requests addressed to 127.0.0.1, localhost or [::1] (DNS rebinding protection)`,
    }),
  );
  return true;
};
