/**
 * `npm run bench:reconcile`: the nightly reconciliation's time and reads on this machine, on a
 * throwaway embedded host (DynamoDB Local in memory).
 *
 *   npm run bench:reconcile                              the full demo city (through the import path)
 *   npm run bench:reconcile -- --orgs 10000 --people 200000
 *                                                        a generated registry, written straight to
 *                                                        the tables (counters agree with the roster)
 *
 * Prints one JSON line: the sizes, the run's duration, and its DynamoDB read requests and read
 * capacity as DynamoDB Local reports it; then the city-wide statistics over HTTP on the same
 * registry (GET /statistics/establishment and its workbook, as the leadership asks for them):
 * each request's time and the workbook's size. Loopback only; the host and its files are removed after.
 */
import { parseArgs } from 'node:util';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../shared/data/ddb.ts';
import { keys } from '../../shared/data/keys.ts';
import { emptyEstablishment } from '../../shared/domain/registry/establishment.ts';
import { startTestHost } from '../../test/support/host.ts';

const { values: args } = parseArgs({ options: { orgs: { type: 'string' }, people: { type: 'string' } } });
const log = (line: string) => process.stderr.write(`bench:reconcile: ${line}\n`);

const writeAll = async (table: string, items: Record<string, unknown>[]) => {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        let request = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
        while (request.length) {
          const out = await ddb().send(new BatchWriteCommand({ RequestItems: { [table]: request } }));
          request = (out.UnprocessedItems?.[table] ?? []) as typeof request;
        }
      }
    }),
  );
};

/** `orgs` units, `people` people spread evenly over them, each unit's counter agreeing with its roster. */
const generate = async (orgs: number, people: number) => {
  const table = process.env.TABLE_REGISTRY!;
  const per = Math.floor(people / orgs);
  const items: Record<string, unknown>[] = [];
  for (let o = 0; o < orgs; o++) {
    const orgId = `g${String(o).padStart(5, '0')}`;
    const onRoll = per + (o < people % orgs ? 1 : 0);
    const e = emptyEstablishment();
    e.quota.administrative = onRoll + 2;
    e.onRoll.administrative = onRoll;
    e.vacancy.administrative = 2;
    items.push({
      ...keys.org(orgId),
      ...keys.orgIndex(`/${orgId}`),
      orgId,
      name: `生成单位${o}`,
      kind: 'organ',
      fundingForm: 'fullFunding',
      departmentId: orgId,
      path: `/${orgId}`,
      status: 'active',
      version: 1,
    });
    items.push({ ...keys.orgCounter(orgId), ...e, auditHead: { seq: 1, hash: 'generated' } });
    for (let p = 0; p < onRoll; p++) {
      const personId = `p-${orgId}-${p}`;
      items.push({
        ...keys.person(personId),
        ...keys.rosterIndex(orgId, personId),
        personId,
        orgId,
        status: 'onRoll',
        quotaType: 'administrative',
        name: '生成',
      });
    }
  }
  const t0 = performance.now();
  await writeAll(table, items);
  log(`wrote ${items.length} items in ${Math.round((performance.now() - t0) / 1000)} s`);
};

const orgs = args.orgs ? Number(args.orgs) : undefined;
const people = args.people ? Number(args.people) : undefined;
if ((orgs === undefined) !== (people === undefined)) throw new Error('give both --orgs and --people, or neither (the demo city)');

const host = await startTestHost({ seedDemo: true, demoCity: orgs ? false : 'full', log: (l) => log(l) });
try {
  if (orgs && people) await generate(orgs, people);
  // Counter changes of the load reach the warnings first; the run is measured on its own.
  await host.streams.drain();
  const run = (await host.scheduler.fire('counter-reconciliation', host.clock.now())) as { result: Record<string, unknown> };
  const r = run.result as { organizations: number; people: number; driftCount: number; reads: unknown; durationMs: number };
  const timed = async (path: string) => {
    const t0 = performance.now();
    const res = await fetch(`${host.apiUrl}${path}`, { headers: { authorization: `Bearer ${await host.issuer.sign('demo-leader')}` } });
    const bytes = (await res.arrayBuffer()).byteLength;
    if (!res.ok) throw new Error(`${path} answered ${res.status}`);
    return { ms: Math.round(performance.now() - t0), bytes };
  };
  const establishment = await timed('/statistics/establishment');
  const workbook = await timed('/exports/statistics.xlsx');
  console.log(
    JSON.stringify({
      registry: orgs ? 'generated' : 'demo city (full)',
      organizations: r.organizations,
      people: r.people,
      driftCount: r.driftCount,
      durationMs: r.durationMs,
      reads: r.reads,
      statistics: { establishmentMs: establishment.ms, establishmentBytes: establishment.bytes, workbookMs: workbook.ms, workbookBytes: workbook.bytes },
    }),
  );
} finally {
  await host.cleanup();
}
