/**
 * Runs the manifest's Lambda handlers in this process, with a Lambda-like context, each under its
 * own timeout from the manifest (counted as invocation-time.ts says) and Lambda's response limit
 * (lambda-limits.ts). The HTTP gateway, the Step Functions endpoint and the scheduler all invoke
 * functions through here.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { DEFAULT_FUNCTION_MEMORY_MB, DEFAULT_FUNCTION_TIMEOUT_SECONDS, type FunctionDecl, type Manifest } from '../../shared/manifest-types.ts';
import { SharedProcessTime } from './invocation-time.ts';
import { responseBytes, responseTooLarge, SYNC_RESPONSE_LIMIT_BYTES, timedOut } from './lambda-limits.ts';
import { repoRoot } from './paths.ts';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/** A handler added by a test, with the timeout it runs under (else the manifest's, else the default). */
export interface ExtraFunction {
  handler: LambdaHandler;
  timeoutSeconds?: number;
}

export class FunctionHost {
  private readonly loaded = new Map<string, Promise<LambdaHandler>>();
  private readonly extra = new Map<string, ExtraFunction>();
  private readonly time = new SharedProcessTime();
  private readonly decls: Map<string, FunctionDecl>;

  constructor(
    manifest: Manifest,
    private readonly region: string,
    private readonly account: string,
  ) {
    this.decls = new Map(manifest.functions.map((f) => [f.id, f]));
  }

  /** Test fixtures may add functions that are not in the manifest, or stand in for one (never in production). */
  addFunction(id: string, handler: LambdaHandler, opts: { timeoutSeconds?: number } = {}): void {
    this.extra.set(id, { handler, timeoutSeconds: opts.timeoutSeconds });
  }

  has(id: string): boolean {
    return this.extra.has(id) || this.decls.has(id);
  }

  arnOf(id: string): string {
    return `arn:aws:lambda:${this.region}:${this.account}:function:bianzhi-local-${id}`;
  }

  idFromArn(arn: string): string | undefined {
    const m = /:function:bianzhi-local-([^:]+)(?::.*)?$/.exec(arn);
    return m?.[1];
  }

  /** The function's own timeout, as deployed: a test's choice, else the manifest's, else Lambda's default of the stack. */
  timeoutOf(id: string): number {
    return this.extra.get(id)?.timeoutSeconds ?? this.decls.get(id)?.timeoutSeconds ?? DEFAULT_FUNCTION_TIMEOUT_SECONDS;
  }

  private load(id: string): Promise<LambdaHandler> {
    const extra = this.extra.get(id);
    if (extra) return Promise.resolve(extra.handler);
    let p = this.loaded.get(id);
    if (!p) {
      const decl = this.decls.get(id);
      if (!decl) throw new Error(`No function ${id} in the manifest`);
      p = import(pathToFileURL(join(repoRoot, decl.entry)).href).then((m: { handler?: LambdaHandler }) => {
        if (typeof m.handler !== 'function') throw new Error(`${decl.entry} exports no handler`);
        return m.handler;
      });
      this.loaded.set(id, p);
    }
    return p;
  }

  /**
   * A synchronous invocation: the handler's result, or the error Lambda would report (the
   * handler's own, Sandbox.Timedout past the function's timeout, Function.ResponseSizeTooLarge).
   * The timeout counts from the handler's start, as Lambda's does (loading the module is the
   * init phase), in real time: moving the host's clock does not age a running invocation. The
   * handler cannot be stopped in this process (Lambda would stop its sandbox): whatever it still
   * does after its timeout goes unheard.
   */
  async invoke(id: string, event: unknown): Promise<unknown> {
    const handler = await this.load(id);
    const timeoutSeconds = this.timeoutOf(id);
    const requestId = randomUUID();
    let expired!: () => void;
    const timedOutError = new Promise<never>((_, reject) => {
      expired = () => reject(timedOut(requestId, timeoutSeconds));
    });
    const budget = this.time.start(timeoutSeconds * 1000, () => expired());
    const context: Context = {
      callbackWaitsForEmptyEventLoop: false,
      functionName: `bianzhi-local-${id}`,
      functionVersion: '$LATEST',
      invokedFunctionArn: this.arnOf(id),
      memoryLimitInMB: String(this.decls.get(id)?.memoryMB ?? DEFAULT_FUNCTION_MEMORY_MB),
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/bianzhi-local-${id}`,
      logStreamName: 'local',
      getRemainingTimeInMillis: () => budget.remainingMs(),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
    const work = Promise.resolve().then(() => handler(event, context));
    // A result or error that comes after the timeout has nobody left to hear it.
    work.catch(() => undefined);
    let result: unknown;
    try {
      result = await Promise.race([work, timedOutError]);
    } finally {
      budget.stop();
    }
    if (responseBytes(result) > SYNC_RESPONSE_LIMIT_BYTES) throw responseTooLarge();
    return result;
  }
}
