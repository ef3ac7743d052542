/**
 * Runs the manifest's Lambda handlers in this process, with a Lambda-like context. Both the
 * HTTP gateway and the Step Functions endpoint invoke functions through here.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { Manifest } from '../../shared/manifest-types.ts';
import { repoRoot } from './paths.ts';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

export class FunctionHost {
  private readonly loaded = new Map<string, Promise<LambdaHandler>>();
  private readonly extra = new Map<string, LambdaHandler>();

  constructor(
    private readonly manifest: Manifest,
    private readonly region: string,
    private readonly account: string,
  ) {}

  /** Test fixtures may add functions that are not in the manifest (never in production). */
  addFunction(id: string, handler: LambdaHandler): void {
    this.extra.set(id, handler);
  }

  has(id: string): boolean {
    return this.extra.has(id) || this.manifest.functions.some((f) => f.id === id);
  }

  arnOf(id: string): string {
    return `arn:aws:lambda:${this.region}:${this.account}:function:bianzhi-local-${id}`;
  }

  idFromArn(arn: string): string | undefined {
    const m = /:function:bianzhi-local-([^:]+)(?::.*)?$/.exec(arn);
    return m?.[1];
  }

  private load(id: string): Promise<LambdaHandler> {
    const extra = this.extra.get(id);
    if (extra) return Promise.resolve(extra);
    let p = this.loaded.get(id);
    if (!p) {
      const decl = this.manifest.functions.find((f) => f.id === id);
      if (!decl) throw new Error(`No function ${id} in the manifest`);
      p = import(pathToFileURL(join(repoRoot, decl.entry)).href).then((m: { handler?: LambdaHandler }) => {
        if (typeof m.handler !== 'function') throw new Error(`${decl.entry} exports no handler`);
        return m.handler;
      });
      this.loaded.set(id, p);
    }
    return p;
  }

  async invoke(id: string, event: unknown, timeoutSeconds = 10): Promise<unknown> {
    const handler = await this.load(id);
    const deadline = Date.now() + timeoutSeconds * 1000;
    const requestId = randomUUID();
    const context: Context = {
      callbackWaitsForEmptyEventLoop: false,
      functionName: `bianzhi-local-${id}`,
      functionVersion: '$LATEST',
      invokedFunctionArn: this.arnOf(id),
      memoryLimitInMB: '512',
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/bianzhi-local-${id}`,
      logStreamName: 'local',
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
    return handler(event, context);
  }
}
