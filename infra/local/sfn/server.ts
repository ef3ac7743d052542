/**
 * The Step Functions JSON protocol (awsJson1_0) over HTTP, so @aws-sdk/client-sfn and the AWS
 * CLI work against the embedded service with only an endpoint override. Operator endpoints of
 * the embedded host (clock, firing schedules) sit under /_local/ and need the local admin key.
 */

import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { refuseForeignHost } from '../loopback.ts';
import { SfnApiError, sfnError } from './errors.ts';
import type { StepFunctionsService } from './service.ts';

export type AdminRoute = (body: any) => Promise<unknown>;

/** awsJson1_0 timestamps are epoch seconds. */
const encode = (v: unknown): string =>
  JSON.stringify(v, function (this: any, key, value) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : value;
  });

const readJson = (req: IncomingMessage) =>
  new Promise<any>((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      try {
        resolve(text ? JSON.parse(text) : {});
      } catch {
        reject(sfnError.validation('Request body is not JSON'));
      }
    });
    req.on('error', reject);
  });

export const startSfnServer = async (opts: {
  service: StepFunctionsService;
  port: number;
  adminKey: string;
  admin: Record<string, AdminRoute>;
}): Promise<{ server: Server; url: string; close(): Promise<void> }> => {
  const s = opts.service;
  const ops: Record<string, (b: any) => unknown> = {
    StartExecution: (b) => s.startExecution(b),
    DescribeExecution: (b) => s.describeExecution(b.executionArn),
    ListExecutions: (b) => s.listExecutions(b),
    GetExecutionHistory: (b) => s.getExecutionHistory(b),
    StopExecution: (b) => s.stopExecution(b.executionArn, b.error, b.cause),
    RedriveExecution: (b) => s.redriveExecution(b.executionArn),
    SendTaskSuccess: async (b) => {
      await s.sendTaskSuccess(b.taskToken, b.output);
      return {};
    },
    SendTaskFailure: async (b) => {
      await s.sendTaskFailure(b.taskToken, b.error, b.cause);
      return {};
    },
    SendTaskHeartbeat: async (b) => {
      await s.sendTaskHeartbeat(b.taskToken);
      return {};
    },
    ListStateMachines: () => ({ stateMachines: s.listStateMachines() }),
    DescribeStateMachine: (b) => s.describeStateMachine(b.stateMachineArn),
  };

  const reply = (res: ServerResponse, status: number, body: string, type = 'application/x-amz-json-1.0', extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, 'x-amzn-requestid': crypto.randomUUID(), ...extra });
    res.end(body);
  };
  const replyError = (res: ServerResponse, e: unknown) => {
    const err = e instanceof SfnApiError ? e : new SfnApiError('InternalFailure', 'Internal failure', 500);
    reply(res, err.status, JSON.stringify({ __type: `com.amazonaws.swf.service.v2.model#${err.type}`, message: err.message }), undefined, {
      'x-amzn-errortype': err.type,
    });
  };

  const authorized = (req: IncomingMessage) => {
    const given = Buffer.from(String(req.headers['x-bianzhi-admin-key'] ?? ''));
    const want = Buffer.from(opts.adminKey);
    return given.length === want.length && timingSafeEqual(given, want);
  };

  const server = createServer(async (req, res) => {
    try {
      if (refuseForeignHost(req, res)) return;
      const url = new URL(req.url ?? '/', 'http://local');
      if (url.pathname.startsWith('/_local/')) {
        if (!authorized(req)) return reply(res, 401, JSON.stringify({ message: 'Local admin key required' }), 'application/json');
        const route = opts.admin[`${req.method} ${url.pathname}`];
        if (!route) return reply(res, 404, JSON.stringify({ message: 'Not Found' }), 'application/json');
        try {
          return reply(res, 200, encode(await route(await readJson(req))), 'application/json');
        } catch (e) {
          return reply(res, 400, JSON.stringify({ message: (e as Error).message }), 'application/json');
        }
      }
      const target = String(req.headers['x-amz-target'] ?? '');
      const op = target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
      const fn = ops[op];
      if (req.method !== 'POST' || !fn) return replyError(res, sfnError.unknownOperation(op || target));
      const body = await readJson(req);
      reply(res, 200, encode((await fn(body)) ?? {}));
    } catch (e) {
      replyError(res, e);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return { server, url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
};
