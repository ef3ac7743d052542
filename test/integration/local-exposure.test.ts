/**
 * R-SEC-1 on the embedded host: nothing it runs is reachable from another machine (every
 * listening socket of the host process and its children is on loopback, DynamoDB Local's Java
 * child included), from a web page of another origin (no CORS grant to it), or through DNS
 * rebinding (a request whose Host header is not a loopback name is refused).
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DDB_LOCAL_CORS_ORIGIN } from '../../infra/local/dynamodb-local.ts';
import { startTestHost } from '../support/host.ts';
import { listeningSockets } from '../support/sockets.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;

beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => host?.cleanup());

const portOf = (url: string) => Number(new URL(url).port);

/** node:http, because fetch will not let a test set Host or Origin freely. */
const raw = (url: string, opts: { method?: string; headers?: Record<string, string>; body?: string }) =>
  new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>((resolve, reject) => {
    const u = new URL(url);
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method: opts.method ?? 'GET', headers: opts.headers, setHost: !opts.headers?.host },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });

const ddbListTables = (headers: Record<string, string> = {}) =>
  raw(host.ddbEndpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.ListTables',
      // DynamoDB Local wants the header's shape, not a valid signature.
      authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/cn-local-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00',
      ...headers,
    },
    body: '{}',
  });

const sfnListStateMachines = (headers: Record<string, string> = {}) =>
  raw(host.sfnUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListStateMachines', ...headers },
    body: '{}',
  });

describe('listening sockets', () => {
  it('are all on loopback, for the host process and its DynamoDB Local child', () => {
    const sockets = listeningSockets(process.pid);
    const ports = new Set(sockets.map((s) => s.port));
    // The enumeration must see all three servers, or a pass would prove nothing.
    for (const url of [host.apiUrl, host.sfnUrl, host.ddbEndpoint]) expect(ports, url).toContain(portOf(url));
    const ddb = sockets.filter((s) => s.port === portOf(host.ddbEndpoint));
    expect(ddb.every((s) => s.pid !== process.pid && /java/.test(s.command))).toBe(true);
    expect(sockets.filter((s) => !s.loopback).map((s) => `${s.command} (pid ${s.pid}) on ${s.address}:${s.port}`)).toEqual([]);
  });
});

describe('DynamoDB Local and web pages of another origin', () => {
  const evil = 'http://evil.example';
  const grants = (h: Record<string, string | string[] | undefined>) => {
    const allow = h['access-control-allow-origin'];
    return allow === '*' || allow === evil;
  };

  const preflight = (origin: string) =>
    raw(host.ddbEndpoint, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-amz-target' },
    });

  it('grants no CORS preflight to another origin', async () => {
    const res = await preflight(evil);
    expect(grants(res.headers), JSON.stringify(res.headers)).toBe(false);
  });

  it('grants no CORS read of a response to another origin', async () => {
    const res = await ddbListTables({ origin: evil });
    expect(res.status, res.text).toBe(200);
    expect(grants(res.headers), JSON.stringify(res.headers)).toBe(false);
  });

  it('grants only the origin that no page can have (so the check above can see a grant)', async () => {
    expect((await preflight(DDB_LOCAL_CORS_ORIGIN)).headers['access-control-allow-origin']).toBe(DDB_LOCAL_CORS_ORIGIN);
    expect((await preflight('*')).headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('DNS rebinding: a Host header that is not a loopback name', () => {
  const foreign = ['evil.example', 'evil.example:80', '127.0.0.1.evil.example', 'localhost.evil.example:3000', '192.168.1.20'];
  const local = (port: number) => ['127.0.0.1', `127.0.0.1:${port}`, `localhost:${port}`, 'LOCALHOST', `[::1]:${port}`, '[::1]'];

  it('is refused by the API gateway with a JSON reason', async () => {
    for (const h of foreign) {
      const res = await raw(`${host.apiUrl}/health`, { headers: { host: h } });
      expect(res.status, h).toBe(421);
      expect(JSON.parse(res.text).message, h).toMatch(/Host/);
    }
    for (const h of local(portOf(host.apiUrl))) expect((await raw(`${host.apiUrl}/health`, { headers: { host: h } })).status, h).toBe(200);
  });

  /** The status line of a request written byte for byte (two Host headers, an absolute-form target). */
  const rawStatus = (url: string, head: string) =>
    new Promise<number>((resolve, reject) => {
      const socket = connect(portOf(url), '127.0.0.1', () => socket.write(`${head}\r\nConnection: close\r\n\r\n`));
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('end', () => resolve(Number(text.split(' ')[1])));
      socket.on('error', reject);
    });

  it('is refused by the API gateway when a second Host header or an absolute-form target names another server', async () => {
    const port = portOf(host.apiUrl);
    expect(await rawStatus(host.apiUrl, `GET /health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHost: evil.example`)).toBe(400);
    expect(await rawStatus(host.apiUrl, `GET http://evil.example/health HTTP/1.1\r\nHost: 127.0.0.1:${port}`)).toBe(421);
    expect(await rawStatus(host.apiUrl, `GET http://127.0.0.1:${port}/health HTTP/1.1\r\nHost: 127.0.0.1:${port}`)).toBe(200);
  });

  it('is refused by the Step Functions endpoint, its operator routes included', async () => {
    for (const h of foreign) {
      const res = await sfnListStateMachines({ host: h });
      expect(res.status, h).toBe(421);
      expect(JSON.parse(res.text).message, h).toMatch(/Host/);
    }
    const clock = await raw(`${host.sfnUrl}/_local/clock`, { headers: { host: 'evil.example', 'x-bianzhi-admin-key': host.adminKey } });
    expect(clock.status).toBe(421);
    for (const h of local(portOf(host.sfnUrl))) expect((await sfnListStateMachines({ host: h })).status, h).toBe(200);
  });

  it('is refused by DynamoDB Local', async () => {
    for (const h of foreign) {
      const res = await ddbListTables({ host: h });
      expect(res.status, h).toBe(421);
      expect(JSON.parse(res.text).message, h).toMatch(/Host/);
    }
    for (const h of local(portOf(host.ddbEndpoint))) expect((await ddbListTables({ host: h })).status, h).toBe(200);
  });
});
