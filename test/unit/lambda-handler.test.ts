/**
 * What every handler shares (shared/lambda.ts): the invocation's remaining time reaches the code
 * below the handler, and no timer of our own stops an invocation that the platform has not.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { remainingMs } from '../../shared/invocation.ts';
import { lambdaHandler } from '../../shared/lambda.ts';

const contextWith = (getRemainingTimeInMillis: () => number): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'bianzhi-test-fn',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:cn-local-1:000000000000:function:bianzhi-test-fn',
  memoryLimitInMB: '512',
  awsRequestId: 'req-1',
  logGroupName: '/aws/lambda/bianzhi-test-fn',
  logStreamName: 'test',
  getRemainingTimeInMillis,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

describe('lambdaHandler', () => {
  it('runs past the wall-clock time the context reported at the start while the context still gives it time', async () => {
    // The embedded host counts a share of the wall clock when many invocations run at once, so
    // 100 ms of budget can last longer than 100 ms: the host, not a timer set at the start,
    // decides when the invocation is over. (A burst of 32 on-establishments on one plan was
    // failed with TimeoutError at 10 s of wall time while each still had budget left.)
    const handler = lambdaHandler(async () => {
      await sleep(250);
      return 'done';
    });
    await expect(
      handler(
        {},
        contextWith(() => 100),
      ),
    ).resolves.toBe('done');
  });

  it('lets the write path read the remaining time of its own invocation, even with others running at once', async () => {
    const handler = lambdaHandler(async (event: { wait: number }) => {
      await sleep(event.wait);
      return remainingMs();
    });
    const [a, b] = await Promise.all([
      handler(
        { wait: 30 },
        contextWith(() => 1_111),
      ),
      handler(
        { wait: 10 },
        contextWith(() => 2_222),
      ),
    ]);
    expect([a, b]).toEqual([1_111, 2_222]);
    expect(remainingMs()).toBe(Number.POSITIVE_INFINITY);
  });
});
