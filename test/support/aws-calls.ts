/**
 * Counts the AWS calls each API request makes on the embedded host: an SDK middleware on the
 * process's one DynamoDB client (shared/data/ddb.ts) and its one Step Functions client
 * (shared/data/sfn.ts), and an async context entered where the host invokes a function, so a
 * call is booked to the request that caused it even while workflow steps run beside it in the
 * same process. A request is named by the PROBE_HEADER it carries.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Host } from '../../infra/local/host.ts';
import { ddb } from '../../shared/data/ddb.ts';
import { sfn } from '../../shared/data/sfn.ts';

export const PROBE_HEADER = 'x-bench-probe';

export interface AwsCall {
  service: 'dynamodb' | 'stepfunctions';
  /** The low-level operation: GetItem, Query, TransactWriteItems, Scan, StartExecution… */
  operation: string;
  tables: string[];
  /** performance.now() when the command was sent and when its reply (or error) came back. */
  start: number;
  end: number;
  error?: string;
}

export interface CallRecorder {
  /** The calls made for the requests that carried `probe`, in the order they started; forgets them. */
  take(probe: string): AwsCall[];
  /** Removes the middleware and the host hook. */
  stop(): void;
}

const MIDDLEWARE = 'awsCallRecorder';

const tablesOf = (input: unknown): string[] => {
  const i = (input ?? {}) as Record<string, any>;
  const names = new Set<string>();
  if (typeof i.TableName === 'string') names.add(i.TableName);
  for (const item of i.TransactItems ?? []) for (const op of Object.values(item ?? {}) as any[]) if (typeof op?.TableName === 'string') names.add(op.TableName);
  for (const t of Object.keys(i.RequestItems ?? {})) names.add(t);
  return [...names];
};

let active: CallRecorder | undefined;

export const recordAwsCalls = (host: Pick<Host, 'functions'>): CallRecorder => {
  if (active) throw new Error('recordAwsCalls: a recorder is already installed in this process');
  const context = new AsyncLocalStorage<{ probe?: string }>();
  const calls = new Map<string, AwsCall[]>();

  // Every invocation gets a context of its own (none for a workflow step), so a step started by
  // a request's StartExecution is never booked to that request.
  const functions = host.functions;
  const invoke = functions.invoke;
  functions.invoke = function (id, event) {
    const headers = (event as { headers?: Record<string, string> } | undefined)?.headers;
    return context.run({ probe: headers?.[PROBE_HEADER] }, () => invoke.call(this, id, event));
  };

  const middleware =
    (service: AwsCall['service']) => (next: (args: any) => Promise<any>, ctx: { commandName?: string }) => async (args: { input?: unknown }) => {
      const probe = context.getStore()?.probe;
      if (!probe) return next(args);
      const call: AwsCall = {
        service,
        operation: String(ctx.commandName ?? 'unknown').replace(/Command$/, ''),
        tables: tablesOf(args.input),
        start: performance.now(),
        end: NaN,
      };
      let list = calls.get(probe);
      if (!list) calls.set(probe, (list = []));
      list.push(call);
      try {
        return await next(args);
      } catch (e) {
        call.error = (e as Error).name;
        throw e;
      } finally {
        call.end = performance.now();
      }
    };
  // `initialize`: once per command, retries included, as the handler waits for it.
  ddb().middlewareStack.add(middleware('dynamodb') as never, { step: 'initialize', name: MIDDLEWARE, priority: 'high' });
  sfn().middlewareStack.add(middleware('stepfunctions') as never, { step: 'initialize', name: MIDDLEWARE, priority: 'high' });

  active = {
    take: (probe) => {
      const list = calls.get(probe) ?? [];
      calls.delete(probe);
      return [...list].sort((a, b) => a.start - b.start);
    },
    stop: () => {
      functions.invoke = invoke;
      ddb().middlewareStack.remove(MIDDLEWARE);
      sfn().middlewareStack.remove(MIDDLEWARE);
      active = undefined;
    },
  };
  return active;
};

/**
 * Sequential round trips: the longest chain of calls each of which started after the one
 * before it had returned. Calls in flight together (Promise.all) add one; a call that waited
 * for another adds one more. This is the depth the handler's latency grows with.
 */
export const sequentialDepth = (calls: readonly Pick<AwsCall, 'start' | 'end'>[]): number => {
  // A call still out when the reply went (fired and forgotten) ends never: nothing came after it.
  const byEnd = calls.map((c) => ({ start: c.start, end: Number.isNaN(c.end) ? Infinity : c.end })).sort((a, b) => a.end - b.end);
  const depth: number[] = [];
  let best = 0;
  for (let i = 0; i < byEnd.length; i++) {
    let d = 1;
    for (let j = 0; j < i; j++) if (byEnd[j]!.end <= byEnd[i]!.start) d = Math.max(d, depth[j]! + 1);
    depth.push(d);
    best = Math.max(best, d);
  }
  return best;
};

/** `Query ×2, TransactWriteItems`: what a request did, for a table cell. */
export const summarize = (calls: readonly Pick<AwsCall, 'operation'>[]): string => {
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(c.operation, (counts.get(c.operation) ?? 0) + 1);
  return [...counts].map(([op, n]) => (n > 1 ? `${op} ×${n}` : op)).join(', ');
};

export const isScan = (c: Pick<AwsCall, 'service' | 'operation'>): boolean => c.service === 'dynamodb' && c.operation === 'Scan';
