/**
 * Runs an import: read the files, look up what the registry already holds, check every row,
 * and only then write, organization by organization, in chunked transactions (one
 * organization's people, their counters and their audit entries together). The import id is
 * the hash of the files, so running the same files again after a crash finishes the job
 * without duplicates.
 */
import { createHash } from 'node:crypto';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { ddb } from '../data/ddb.ts';
import { keys } from '../data/keys.ts';
import { type OrgRecord, personIdFor, registryRepo } from '../data/registry.ts';
import { type Actor, MAX_TRANSACTION_ITEMS } from '../data/write.ts';
import type { ChainHead } from '../domain/audit-chain.ts';
import { todayInShanghai } from '../domain/today.ts';
import type { ImportProgress } from './progress.ts';
import { readTable, type Sheet, TableReadError } from './read-table.ts';
import {
  classifySheets,
  type ExistingFacts,
  type ImportIssue,
  type PlannedOrg,
  type PlannedPerson,
  type ValidatedImport,
  validateImport,
} from './validate-import.ts';

/** Transactions in flight: DynamoDB Local on two cores peaks around here; AWS takes more. */
export const IMPORT_CONCURRENCY = Number(process.env.BIANZHI_IMPORT_CONCURRENCY ?? 12);

/** People per transaction: their records, plus the chunk's audit entry and the counter (and head). */
export const PEOPLE_PER_CHUNK = MAX_TRANSACTION_ITEMS - 2;
/**
 * Organizations per transaction: each its record, USCC claim, history, audit entry and counter,
 * and for each parent (at most one per organization) its check and its count of children.
 */
export const ORGS_PER_BATCH = Math.floor(MAX_TRANSACTION_ITEMS / 7);

export interface ImportFile {
  name: string;
  content: Buffer;
}

export interface ImportOptions {
  actor: Actor;
  /** Write the valid rows even when others are bad (they are reported either way). */
  validOnly?: boolean;
  /** Check only. */
  dryRun?: boolean;
  concurrency?: number;
  /** Refuse files with more rows than this (the API's per-request limit). */
  maxRows?: number;
  /** Called with 0 done as each phase starts, then after every batch written. */
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportReport {
  importId: string;
  written: boolean;
  rows: { organizations: number; people: number };
  issues: ImportIssue[];
  overQuota: ValidatedImport['overQuota'];
  created: { organizations: number; people: number };
  skipped: { organizations: number; people: number };
  chunks: { written: number; alreadyThere: number };
}

const batchGet = async (keyList: { pk: string; sk: string }[]): Promise<Record<string, any>[]> => {
  const table = config.tableName('registry');
  const out: Record<string, any>[] = [];
  const batches: { pk: string; sk: string }[][] = [];
  for (let i = 0; i < keyList.length; i += 100) batches.push(keyList.slice(i, i + 100));
  await pool(batches, 8, async (batch) => {
    let pending: Record<string, any>[] | undefined = batch;
    while (pending?.length) {
      const res = await ddb().send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }));
      out.push(...(res.Responses?.[table] ?? []));
      pending = res.UnprocessedKeys?.[table]?.Keys as Record<string, any>[] | undefined;
    }
  });
  return out;
};

export const pool = async <T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
};

export const importIdOf = (files: ImportFile[]): string => {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => a.name.localeCompare(b.name))) h.update(f.name).update('\0').update(f.content);
  return `imp-${h.digest('hex').slice(0, 16)}`;
};

export const importFiles = async (files: ImportFile[], opts: ImportOptions): Promise<ImportReport> => {
  const t0 = Date.now();
  const mark = (what: string) => process.env.BIANZHI_IMPORT_TIMING && console.error(`[import] ${what} at ${Date.now() - t0} ms`);
  const sheets: Sheet[] = [];
  for (const f of files) sheets.push(...(await readTable(f.name, f.content)));
  const rowCount = sheets.reduce((n, sh) => n + sh.rows.length, 0);
  if (opts.maxRows !== undefined && rowCount > opts.maxRows) {
    throw new TableReadError(
      `${rowCount} rows is more than one request takes (${opts.maxRows}); use npm run import for large files`,
      `共 ${rowCount} 行，超过一次请求可导入的 ${opts.maxRows} 行；大文件请由管理员用导入命令处理`,
    );
  }
  const importId = importIdOf(files);
  const candidates = classifySheets(sheets);
  mark('read');

  // What the registry already holds, in batches (never a Scan). An empty registry holds nothing.
  const empty = await registryRepo.isEmpty();
  const [orgItems, usccItems, personItems] = empty
    ? [[], [], []]
    : await Promise.all([
        batchGet([...candidates.orgIds].filter((id) => /^[a-z0-9-]+$/.test(id)).map(keys.org)),
        batchGet([...candidates.usccs].map(keys.usccClaim)),
        batchGet([...candidates.nationalIds].filter((n) => /^\d{17}[\dX]$/.test(n)).map((n) => keys.person(personIdFor(n)))),
      ]);
  const existing: ExistingFacts = {
    orgs: new Map(orgItems.map((o) => [o.orgId, { kind: o.kind, civilServiceManaged: o.civilServiceManaged, uscc: o.uscc, status: o.status }])),
    usccHolders: new Map(usccItems.map((u) => [u.pk.slice('USCC#'.length), u.orgId])),
    people: new Map(personItems.map((p) => [p.personId, { status: p.status, importId: p.importId }])),
  };
  mark('looked up');
  const v = validateImport(candidates, existing, todayInShanghai(), importId, personIdFor);
  mark('validated');
  const report: ImportReport = {
    importId,
    written: false,
    rows: {
      organizations: candidates.orgSheets.reduce((n, s) => n + s.rows.length, 0),
      people: candidates.personSheets.reduce((n, s) => n + s.rows.length, 0),
    },
    issues: v.issues,
    overQuota: v.overQuota,
    created: { organizations: 0, people: 0 },
    skipped: { organizations: v.skippedOrgs, people: 0 },
    chunks: { written: 0, alreadyThere: 0 },
  };
  if (opts.dryRun || (v.issues.length && !opts.validOnly)) return report;

  // Chain heads this import has just written, so the next write on a chain need not read it.
  const heads = new Map<string, ChainHead>();
  await writeOrganizations(v.orgs, opts, report, heads);
  mark('organizations written');
  await writePeople(v.people, importId, opts, report, heads);
  mark('people written');
  report.written = true;
  return report;
};

const writeOrganizations = async (orgs: PlannedOrg[], opts: ImportOptions, report: ImportReport, heads: Map<string, ChainHead>) => {
  let done = 0;
  const records = new Map<string, OrgRecord>();
  const parentOf = async (id: string) => {
    let r = records.get(id);
    if (!r) {
      r = (await registryRepo.getOrg(id))?.org;
      if (r) records.set(id, r);
    }
    return r;
  };
  opts.onProgress?.({ phase: 'organizations', done: 0, total: orgs.length });
  const depths = [...new Set(orgs.map((o) => o.depth))].sort((a, b) => a - b);
  for (const depth of depths) {
    // Parents are written before children; organizations at one depth in batches, in parallel.
    const level = orgs.filter((o) => o.depth === depth);
    const batches: PlannedOrg[][] = [];
    for (let i = 0; i < level.length; i += ORGS_PER_BATCH) batches.push(level.slice(i, i + ORGS_PER_BATCH));
    await pool(batches, opts.concurrency ?? IMPORT_CONCURRENCY, async (batch) => {
      const made = await registryRepo.createOrgs(
        await Promise.all(
          batch.map(async (o) => ({ input: o, parent: o.parentId ? await parentOf(o.parentId) : undefined, quota: o.quota, importId: report.importId })),
        ),
        opts.actor,
      );
      for (const m of made) {
        records.set(m.record.orgId, m.record);
        heads.set(m.record.orgId, m.head);
      }
      report.created.organizations += made.length;
      done += made.length;
      opts.onProgress?.({ phase: 'organizations', done, total: orgs.length });
    });
  }
};

const writePeople = async (people: PlannedPerson[], importId: string, opts: ImportOptions, report: ImportReport, heads: Map<string, ChainHead>) => {
  const chunks: { orgId: string; people: PlannedPerson[] }[] = [];
  const byOrg = new Map<string, PlannedPerson[]>();
  for (const p of people) byOrg.set(p.orgId, [...(byOrg.get(p.orgId) ?? []), p]);
  for (const [orgId, list] of byOrg) {
    // A stable order, so a rerun cuts the same chunks.
    list.sort((a, b) => a.personId.localeCompare(b.personId));
    for (let i = 0; i < list.length; i += PEOPLE_PER_CHUNK) chunks.push({ orgId, people: list.slice(i, i + PEOPLE_PER_CHUNK) });
  }
  let done = 0;
  const total = people.length;
  opts.onProgress?.({ phase: 'people', done: 0, total });
  // One organization's chunks run in order (they share its counter); organizations in parallel.
  const queues = [...Map.groupBy(chunks, (c) => c.orgId).values()];
  await pool(queues, opts.concurrency ?? IMPORT_CONCURRENCY, async (queue) => {
    for (const chunk of queue) {
      const n = chunk.people.length;
      if (chunk.people.every((p) => p.alreadyImported)) {
        report.chunks.alreadyThere++;
        report.skipped.people += n;
      } else {
        const records = chunk.people.map(({ sheet: _s, row: _r, alreadyImported: _a, ...p }) => ({ ...p, status: 'onRoll' as const }));
        const result = await registryRepo.importPeopleChunk(chunk.orgId, records, importId, opts.actor, heads.get(chunk.orgId));
        if (result.head) heads.set(chunk.orgId, result.head);
        else heads.delete(chunk.orgId);
        if (result.written) {
          report.chunks.written++;
          report.created.people += n;
        } else {
          report.chunks.alreadyThere++;
          report.skipped.people += n;
        }
      }
      done += n;
      opts.onProgress?.({ phase: 'people', done, total });
    }
  });
};
