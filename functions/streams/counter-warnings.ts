import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { syncWarnings } from '../../shared/data/warnings.ts';
import { type Establishment, establishmentOf } from '../../shared/domain/registry/establishment.ts';
import { lambdaHandler } from '../../shared/lambda.ts';
import { logger } from '../../shared/log.ts';

/**
 * The registry table's stream, filtered to counter items: each unit's latest counters in the
 * batch raise or close its warnings (R-SUP-4). A unit that fails is reported by its first
 * record in the batch, so the stream retries from there and no change is skipped.
 */
export const handler = lambdaHandler(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const units = new Map<string, { first: string; counters: Establishment; seq: number }>();
  for (const r of event.Records) {
    const image = r.dynamodb?.NewImage;
    if (!image) continue;
    const item = unmarshall(image as Record<string, AttributeValue>);
    if (item.sk !== 'COUNTER' || typeof item.pk !== 'string') continue;
    const orgId = item.pk.slice('ORG#'.length);
    const first = units.get(orgId)?.first ?? r.dynamodb!.SequenceNumber!;
    units.set(orgId, { first, counters: establishmentOf(item as unknown as Establishment), seq: Number(item.auditHead?.seq ?? 0) });
  }
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const [orgId, u] of units) {
    try {
      const changed = await syncWarnings(orgId, u.counters, u.seq);
      if (changed.raised.length || changed.closed.length) logger.info('warnings changed', { orgId, ...changed });
    } catch (e) {
      logger.error('warning sync failed; the stream retries it', { orgId, errorName: (e as Error).name });
      batchItemFailures.push({ itemIdentifier: u.first });
    }
  }
  return { batchItemFailures };
});
