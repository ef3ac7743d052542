/**
 * What the statistics read (R-EXT-4), every one from an index or a unit's counter item, never a
 * Scan: the units of a scope (the organizations index, by path), their counters (BatchGetItem, 100
 * a request), the open matters, open ledger items, blocking letters and open warnings (each its
 * own index partition). A department's scope is its own subtree; the office's, the city or one
 * department.
 */
import { config } from '../config.ts';
import { type UnitEstablishment, unitEstablishment } from '../domain/statistics/establishment.ts';
import type { OpenMatter } from '../domain/statistics/matters.ts';
import { BLOCKING_LETTER_STATUSES } from '../domain/supervision/letters.ts';
import { NotFoundError } from '../errors.ts';
import { mapLimited } from '../parallel.ts';
import type { LedgerItem } from '../schemas/matters.ts';
import type { SupervisionLetter } from '../schemas/supervision.ts';
import { batchRead } from './batch-read.ts';
import { keys, recordOf } from './keys.ts';
import { readOrg } from './org-read.ts';
import { queryAll } from './query-all.ts';
import type { OrgRecord } from './registry.ts';

/** Whose figures: every unit, or one organization and its subtree. */
export interface StatisticsScope {
  /** The path of the organization whose subtree is counted (undefined: the whole city). */
  path?: string;
  /** Its id, for what is recorded by department. */
  orgId?: string;
}

/** The scope of one organization and its subtree, with its name, or the whole city for none; 404 for an id that is no unit. */
export const scopeNamed = async (orgId: string | undefined): Promise<{ scope: StatisticsScope; nameZh: string }> => {
  if (!orgId) return { scope: {}, nameZh: '全市' };
  const org = await readOrg(orgId);
  if (!org) throw new NotFoundError(`No organization ${orgId}`, `没有单位 ${orgId}`);
  return { scope: { path: org.org.path, orgId }, nameZh: org.org.name };
};

/** Whether a record is of a unit in scope: `orgIds` are the scope's units, undefined for the whole city. */
const inScope = (r: { orgId?: string }, orgIds?: Set<string>) => !orgIds || orgIds.has(r.orgId ?? '');

/** The units of the scope, in hierarchy order: the active ones, or all. */
export const unitsOf = async (scope: StatisticsScope, opts: { abolishedToo?: boolean } = {}): Promise<OrgRecord[]> => {
  const items = await queryAll({
    TableName: config.tableName('registry'),
    IndexName: 'gsi1',
    KeyConditionExpression: scope.path ? 'gsi1pk = :p AND begins_with(gsi1sk, :path)' : 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': keys.orgsIndexPk, ...(scope.path ? { ':path': keys.orgIndex(scope.path).gsi1sk } : {}) },
  });
  // A past date's figures count units abolished since; today's only those still there.
  return items.map((i) => recordOf<OrgRecord>(i)).filter((o) => opts.abolishedToo || o.status === 'active');
};

/**
 * Each unit's line from its counter item, read 100 at a time (BatchGetItem's limit), 4 requests
 * at once, eventually consistent: figures a second old are figures, at half the reads.
 */
export const unitEstablishments = async (units: OrgRecord[]): Promise<UnitEstablishment[]> => {
  const chunks: OrgRecord[][] = [];
  for (let i = 0; i < units.length; i += 100) chunks.push(units.slice(i, i + 100));
  const lines = await mapLimited(chunks, 4, async (chunk) => {
    const read = await batchRead(Object.fromEntries(chunk.map((u) => [u.orgId, { table: 'registry' as const, key: keys.orgCounter(u.orgId) }])), {
      consistent: false,
    });
    return chunk.flatMap((u) => {
      const counter = read[u.orgId];
      return counter ? [unitEstablishment(u, counter as never)] : [];
    });
  });
  return lines.flat();
};

/** The open matters of the scope (those whose workflow runs), from the open matters' index. */
export const openMattersOf = async (orgIds?: Set<string>): Promise<OpenMatter[]> =>
  (
    await queryAll({
      TableName: config.tableName('matters'),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': keys.openMattersPk },
    })
  )
    .map((i) => recordOf<OpenMatter>(i))
    .filter((m) => inScope(m, orgIds));

/** Implementation items still open and not yet written up in a letter, soonest deadline first. */
export const openLedgerItemsOf = async (orgIds?: Set<string>): Promise<LedgerItem[]> =>
  (
    await queryAll({
      TableName: config.tableName('matters'),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': keys.ledgerDuePk },
    })
  )
    .map((i) => recordOf<LedgerItem>(i))
    .filter((l) => inScope(l, orgIds));

/** Letters still open or awaiting verification, soonest rectification date first. */
export const blockingLettersOf = async (orgIds?: Set<string>): Promise<SupervisionLetter[]> => {
  const pages = await Promise.all(
    BLOCKING_LETTER_STATUSES.map((status) =>
      queryAll({
        TableName: config.tableName('matters'),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': keys.letterStatusPk(status) },
      }),
    ),
  );
  return pages
    .flat()
    .map((i) => recordOf<SupervisionLetter>(i))
    .filter((l) => inScope(l, orgIds))
    .sort((a, b) => a.rectifyBy.localeCompare(b.rectifyBy) || a.letterId.localeCompare(b.letterId));
};

export interface OpenWarning {
  orgId: string;
  code: string;
  kind: string;
  overBy: number;
  messageZh: string;
  raisedAt: string;
}

/** Open warnings of the scope, oldest first. */
export const openWarningsOf = async (orgIds?: Set<string>): Promise<OpenWarning[]> =>
  (
    await queryAll({
      TableName: config.tableName('registry'),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': keys.warningIndexPk },
    })
  )
    .map((i) => recordOf<OpenWarning>(i))
    .filter((w) => inScope(w, orgIds));
