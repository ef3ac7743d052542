/**
 * What every Lambda handler of ours shares: middy, and the Powertools logger given the Lambda
 * context, so every log line of an invocation carries its request id (and cold start flag).
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from './log.ts';

export const lambdaHandler = <E, R>(fn: (event: E, context: Context) => Promise<R>) =>
  middy<E, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(fn);
