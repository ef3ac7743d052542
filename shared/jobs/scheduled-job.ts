/**
 * Wrapper for scheduled jobs. EventBridge Scheduler delivers at least once and never replays a
 * missed run, so a job (1) takes the scheduled time from the event, not the clock, (2) records a
 * run marker for that time with a conditional write, answering a second delivery from the
 * marker, and (3) acts on everything due as of that time, not just what fell due since the last run.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../clock.ts';
import { config } from '../config.ts';
import { ddb } from '../data/ddb.ts';
import { keys } from '../data/keys.ts';
import { parseOrThrow } from '../http/zod-issues.ts';
import { logger } from '../log.ts';
import { emitMetric } from '../metrics.ts';
import { ScheduledEvent } from '../schemas/common.ts';

export interface JobOutcome {
  scheduleId: string;
  scheduledTime: string;
  /** True when this delivery found the run already done and changed nothing. */
  duplicate: boolean;
  result: Record<string, unknown>;
}

export const scheduledJob =
  (scheduleId: string, run: (asOf: Date) => Promise<Record<string, unknown>>) =>
  async (event: unknown): Promise<JobOutcome> => {
    const { scheduledTime } = parseOrThrow(ScheduledEvent, event, 'event');
    const table = config.tableName('config');
    const key = keys.jobRun(scheduleId, new Date(scheduledTime).toISOString());
    const prior = await ddb().send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
    if (prior.Item?.state === 'done') {
      logger.info('duplicate delivery ignored', { scheduleId, scheduledTime });
      return { scheduleId, scheduledTime, duplicate: true, result: prior.Item.result };
    }
    // Work is idempotent for a scheduled time, so a crashed or concurrent run may run it again.
    const result = await run(new Date(scheduledTime));
    try {
      await ddb().send(
        new PutCommand({
          TableName: table,
          Item: { ...key, state: 'done', result, finishedAt: nowIso() },
          ConditionExpression: 'attribute_not_exists(pk) OR #s <> :done',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':done': 'done' },
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      return { scheduleId, scheduledTime, duplicate: true, result };
    }
    logger.info('scheduled job done', { scheduleId, scheduledTime, result });
    return { scheduleId, scheduledTime, duplicate: false, result };
  };

/**
 * Works through every entry a paged list yields, one at a time. An entry that fails is logged
 * (by its ids only), counted and alarmed, and the others still run: one bad record never
 * stops a job. Returns how many were done and which failed.
 */
export const forEachEntry = async <T>(
  page: (start?: Record<string, unknown>) => Promise<{ items: T[]; next?: Record<string, unknown> }>,
  act: (entry: T) => Promise<void>,
  idsOf: (entry: T) => Record<string, string>,
): Promise<{ done: number; failed: Record<string, string>[] }> => {
  let done = 0;
  const failed: Record<string, string>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const p = await page(start);
    for (const entry of p.items) {
      try {
        await act(entry);
        done++;
      } catch (e) {
        const ids = idsOf(entry);
        failed.push(ids);
        logger.error('job entry failed', { ...ids, errorName: (e as Error).name, errorMessage: (e as Error).message?.slice(0, 300) });
      }
    }
    start = p.next;
  } while (start);
  if (failed.length) emitMetric('JobEntryFailures', failed.length);
  return { done, failed };
};
