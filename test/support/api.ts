/** Calls the API of a test host over HTTP as one of its users, with a token from its own issuer. */
import type { Host } from '../../infra/local/host.ts';

export const callApi = async (
  host: Pick<Host, 'apiUrl' | 'issuer'>,
  method: string,
  path: string,
  user: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const res = await fetch(`${host.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await host.issuer.sign(user)}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
};
