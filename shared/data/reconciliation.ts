/**
 * The nightly reconciliation: every unit's counters recomputed from its roster and its plans'
 * approval notices (shared/domain/supervision/reconciliation.ts), the drift reported, and its
 * warnings brought in line with its counters again (so a stream record that never arrived
 * leaves no warning unraised for more than a night). It reads; it does not correct: a drift is
 * for an operator to look into (docs/operations.md). Every read is counted, with the capacity
 * DynamoDB reports, for the report and the bench.
 */
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import type { Establishment } from '../domain/registry/establishment.ts';
import { type Drift, driftOf, expectedCounters, type PlanRecord, type RosterRecord } from '../domain/supervision/reconciliation.ts';
import { logger } from '../log.ts';
import { mapLimited } from '../parallel.ts';
import { ddb } from './ddb.ts';
import { keys } from './keys.ts';
import { queryAll } from './query-all.ts';
import { syncWarnings } from './warnings.ts';

/** Drift kept in one report (an item holds 400 KB); the count is always whole. */
const MAX_DRIFT_KEPT = 500;
const CONCURRENCY = 8;

export interface ReconciliationReport {
  day: string;
  asOf: string;
  organizations: number;
  people: number;
  driftCount: number;
  drift: Drift[];
  warningsRaised: number;
  warningsClosed: number;
  /** Units whose reconciliation failed (logged; the others went on). */
  failed: string[];
  changedWhileCounted: string[];
  reads: { requests: number; capacityUnits: number };
  durationMs: number;
}

class ReadCounter {
  requests = 0;
  capacityUnits = 0;
  add(out: { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }) {
    this.requests++;
    for (const c of [out.ConsumedCapacity ?? []].flat()) this.capacityUnits += c.CapacityUnits ?? 0;
  }
}

const queryCounted = <T>(reads: ReadCounter, input: QueryCommandInput): Promise<T[]> =>
  queryAll<T>({ ...input, ReturnConsumedCapacity: 'TOTAL' }, (out) => reads.add(out));

type StoredCounter = Establishment & { auditHead?: { seq: number } };

const consistentCounter = async (reads: ReadCounter, orgId: string): Promise<StoredCounter> => {
  const out = await ddb().send(
    new GetCommand({ TableName: config.tableName('registry'), Key: keys.orgCounter(orgId), ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }),
  );
  reads.add(out);
  return out.Item as StoredCounter;
};

/** One unit's counters against its roster and its plans' notices. */
const recount = async (reads: ReadCounter, orgId: string, counter: StoredCounter): Promise<{ drift: Drift[]; people: number }> => {
  const [roster, plans] = await Promise.all([
    queryCounted<RosterRecord>(reads, {
      TableName: config.tableName('registry'),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': keys.rosterIndexPk(orgId) },
      ProjectionExpression: '#s, quotaType, postGrade, postTrack',
      ExpressionAttributeNames: { '#s': 'status' },
    }),
    queryCounted<PlanRecord>(reads, {
      TableName: config.tableName('matters'),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': keys.planIndexPk(orgId) },
      ProjectionExpression: '#s, quotaType, notice',
      ExpressionAttributeNames: { '#s': 'status' },
    }),
  ]);
  return { drift: driftOf(orgId, counter, expectedCounters(counter, roster, plans)), people: roster.filter((p) => p.status === 'onRoll').length };
};

export const reconcileAll = async (day: string, asOf: string): Promise<ReconciliationReport> => {
  const started = performance.now();
  const reads = new ReadCounter();
  const registry = config.tableName('registry');
  const drift: Drift[] = [];
  let organizations = 0;
  let people = 0;
  let warningsRaised = 0;
  let warningsClosed = 0;
  const failed: string[] = [];
  /** Units that changed while they were counted (counted again the next night). */
  const skipped: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb().send(
      new QueryCommand({
        TableName: registry,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.orgsIndexPk },
        ProjectionExpression: 'orgId',
        ExclusiveStartKey: start,
        Limit: 100,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    reads.add(page);
    start = page.LastEvaluatedKey;
    const orgIds = (page.Items ?? []).map((i) => String(i.orgId));
    if (!orgIds.length) continue;
    const counters = new Map<string, StoredCounter>();
    let keysLeft: Record<string, unknown>[] = orgIds.map((id) => keys.orgCounter(id));
    while (keysLeft.length) {
      const got = await ddb().send(new BatchGetCommand({ RequestItems: { [registry]: { Keys: keysLeft } }, ReturnConsumedCapacity: 'TOTAL' }));
      reads.add(got);
      for (const c of got.Responses?.[registry] ?? []) counters.set(String(c.pk).slice('ORG#'.length), c as StoredCounter);
      keysLeft = (got.UnprocessedKeys?.[registry]?.Keys ?? []) as Record<string, unknown>[];
    }
    organizations += orgIds.length;
    await mapLimited(orgIds, CONCURRENCY, async (orgId) => {
      const counter = counters.get(orgId);
      if (!counter) return;
      try {
        const found = await recount(reads, orgId, counter);
        people += found.people;
        // A write between the counter's read and the roster's is not drift: a unit that seems to
        // drift is counted again between two consistent reads of its counter that agree.
        if (found.drift.length) {
          const before = await consistentCounter(reads, orgId);
          const again = await recount(reads, orgId, before);
          const after = await consistentCounter(reads, orgId);
          if (before.auditHead?.seq === after.auditHead?.seq) drift.push(...again.drift);
          else skipped.push(orgId);
        }
        const changed = await syncWarnings(orgId, counter, Number(counter.auditHead?.seq ?? 0), (out) => reads.add(out));
        warningsRaised += changed.raised.length;
        warningsClosed += changed.closed.length;
      } catch (e) {
        failed.push(orgId);
        logger.error('reconciliation of a unit failed; the others go on', { orgId, errorName: (e as Error).name });
      }
    });
  } while (start);
  drift.sort((a, b) => a.orgId.localeCompare(b.orgId) || a.field.localeCompare(b.field));
  const report: ReconciliationReport = {
    day,
    asOf,
    organizations,
    people,
    driftCount: drift.length,
    drift: drift.slice(0, MAX_DRIFT_KEPT),
    warningsRaised,
    warningsClosed,
    failed,
    changedWhileCounted: skipped,
    reads: { requests: reads.requests, capacityUnits: Math.round(reads.capacityUnits * 10) / 10 },
    durationMs: Math.round(performance.now() - started),
  };
  await ddb().send(new PutCommand({ TableName: config.tableName('config'), Item: { ...keys.reconciliationReport(day), ...report } }));
  return report;
};

/** The latest report. */
export const latestReconciliation = async (): Promise<ReconciliationReport | undefined> => {
  const out = await ddb().send(
    new QueryCommand({
      TableName: config.tableName('config'),
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.reconciliationReportsPk },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  const item = out.Items?.[0];
  if (!item) return undefined;
  const { pk: _p, sk: _s, ...report } = item;
  return report as ReconciliationReport;
};
