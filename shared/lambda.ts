/**
 * What every Lambda handler of ours shares: middy, and the Powertools logger given the Lambda
 * context, so every log line of an invocation carries its request id (and cold start flag), and
 * the time the invocation has left, for the write path to stop retrying in time (invocation.ts).
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { withInvocation } from './invocation.ts';
import { logger } from './log.ts';

export const lambdaHandler = <E, R>(fn: (event: E, context: Context) => Promise<R>) =>
  // No early timeout from middy: it sets a wall-clock timer from the remaining time at the start,
  // which the embedded host's shared-time budget outlasts under load (a burst of concurrent
  // invocations was failed as TimeoutError at 10 s of wall time); the platform enforces the
  // timeout, and the write path stops retrying in time to answer (invocation.ts).
  middy<E, R>({ timeoutEarlyInMillis: 0 })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event, context) => withInvocation(context, () => fn(event, context)));
