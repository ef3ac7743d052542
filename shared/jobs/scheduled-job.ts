/**
 * Wrapper for scheduled jobs. EventBridge Scheduler delivers at least once and never replays a
 * missed run, so a job (1) takes the scheduled time from the event, not the clock, (2) records a
 * run marker for that time with a conditional write, answering a second delivery from the
 * marker, and (3) acts on everything due as of that time, not just what fell due since the last run.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { config } from '../config.ts';
import { nowIso } from '../clock.ts';
import { ddb } from '../data/ddb.ts';
import { keys } from '../data/keys.ts';
import { parseOrThrow } from '../http/zod-issues.ts';
import { logger } from '../log.ts';
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
