/**
 * Early warnings (R-SUP-4) over HTTP on the embedded host: a write that leaves a unit over its
 * quota or post quota raises a warning at once, through the registry table's stream (DynamoDB
 * Local's, polled by the host as Lambda's event source mapping would), and the write that puts
 * it right closes it.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ddb } from '../../shared/data/ddb.ts';
import { callApi } from '../support/api.ts';
import { makeNationalId } from '../support/codes.ts';
import { eventually, startTestHost } from '../support/host.ts';
import { setUpUnits } from '../support/units.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
const DOC = '咸编发〔2026〕7号';
const call = (method: string, path: string, user: string, body?: unknown) => callApi(host, method, path, user, body);
const warningsOf = async (orgId: string) => (await call('GET', `/organizations/${orgId}/warnings`, 'demo-supervision')).json;
const setQuota = (orgId: string, approved: number) =>
  call('PUT', `/organizations/${orgId}/quotas/administrative`, 'demo-section', { approved, documentNumber: DOC, effectiveDate: '2026-01-01' });
const setPosts = (orgId: string, leader: number) =>
  call('PUT', `/organizations/${orgId}/post-quotas/sectionChief`, 'demo-section', { leader, nonLeader: 0, documentNumber: DOC, effectiveDate: '2026-01-01' });

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
  await setUpUnits(host, [
    { orgId: 'warn-org', name: '预警测试局', clerk: 'warn-clerk', usccNo: 971, approved: 5 },
    { orgId: 'warn-posts', name: '职数预警局', clerk: 'warn-posts-clerk', usccNo: 972, approved: 5 },
  ]);
});
afterAll(async () => host?.cleanup());

const intake = async (orgId: string, n: number) => {
  const p = await call('POST', `/organizations/${orgId}/people`, 'demo-egov', {
    nationalId: makeNationalId('1988-04-04', n),
    name: '预警员',
    quotaType: 'administrative',
    onRollSince: '2026-03-01',
  });
  expect(p.status, JSON.stringify(p.json)).toBe(201);
  return p.json.personId as string;
};

describe('early warnings', () => {
  it('raises an over-quota warning when a cut leaves the unit over its quota, updates it, and closes it when the quota is restored', async () => {
    for (const n of [11, 13, 15]) await intake('warn-org', n);
    expect(await warningsOf('warn-org')).toEqual({ orgId: 'warn-org', open: [], closed: [] });

    expect((await setQuota('warn-org', 2)).status).toBe(200);
    const raised = await eventually(async () => (await warningsOf('warn-org')).open[0], 'the over-quota warning');
    expect(raised).toMatchObject({ code: 'overQuota#administrative', kind: 'overQuota', approved: 2, used: 3, overBy: 1, status: 'open' });
    expect(raised.messageZh).toBe('超编：行政编制核定 2 名，实有（含核准未入编）3 名，超出 1 名');
    expect((await call('GET', '/warnings', 'demo-supervision')).json.items.map((w: any) => `${w.orgId}/${w.code}`)).toContain(
      'warn-org/overQuota#administrative',
    );
    const told = (await call('GET', '/organizations/warn-org/notifications', 'warn-clerk')).json.items;
    expect(told.find((m: any) => m.kind === 'warningRaised')).toMatchObject({ code: 'overQuota#administrative' });

    // Cut further: the same warning, brought up to date (raised when it was first raised).
    await setQuota('warn-org', 1);
    const updated = await eventually(async () => {
      const w = (await warningsOf('warn-org')).open[0];
      return w?.overBy === 2 ? w : undefined;
    }, 'the warning updated');
    expect(updated.raisedAt).toBe(raised.raisedAt);
    expect((await warningsOf('warn-org')).open).toHaveLength(1);

    // Restored: closed, kept in the unit's history, off the office's list.
    await setQuota('warn-org', 5);
    const closed = await eventually(async () => {
      const w = await warningsOf('warn-org');
      return w.open.length === 0 && w.closed.length ? w.closed : undefined;
    }, 'the warning closed');
    expect(closed[0]).toMatchObject({ code: 'overQuota#administrative', status: 'closed', overBy: 2 });
    expect(closed[0].closedAt >= raised.raisedAt).toBe(true);
    expect((await call('GET', '/warnings', 'demo-supervision')).json.items.map((w: any) => `${w.orgId}/${w.code}`)).not.toContain(
      'warn-org/overQuota#administrative',
    );
    // A department sees its own warnings only.
    expect((await call('GET', '/organizations/warn-org/warnings', 'warn-clerk')).status).toBe(200);
    expect((await call('GET', '/organizations/warn-org/warnings', 'warn-posts-clerk')).status).toBe(403);
    expect((await call('GET', '/organizations/no-such-org/warnings', 'demo-supervision')).status).toBe(404);
  });

  it('raises an over-post-quota warning when a grade’s posts are cut below those who hold them', async () => {
    await setPosts('warn-posts', 2);
    for (const n of [21, 23]) {
      const personId = await intake('warn-posts', n);
      const post = await call('POST', `/people/${personId}/post`, 'warn-posts-clerk', {
        grade: 'sectionChief',
        track: 'leader',
        since: '2026-03-01',
        documentNumber: '咸任〔2026〕1号',
      });
      expect(post.status, JSON.stringify(post.json)).toBe(200);
    }
    await host.streams.drain();
    expect((await warningsOf('warn-posts')).open).toEqual([]);
    await setPosts('warn-posts', 1);
    const raised = await eventually(async () => (await warningsOf('warn-posts')).open[0], 'the over-post-quota warning');
    expect(raised).toMatchObject({ code: 'overPostQuota#sectionChief#leader', approved: 1, used: 2, overBy: 1 });
    await setPosts('warn-posts', 2);
    await eventually(async () => ((await warningsOf('warn-posts')).open.length === 0 ? true : undefined), 'the post warning closed');
  });

  it('never lets a stale record undo a newer one: the same counters delivered again change nothing', async () => {
    // Deliver an old image by hand (as a retried batch would): the warning closed above stays closed.
    const before = await warningsOf('warn-org');
    const reply = (await host.functions.invoke('counterWarnings', {
      Records: [
        {
          eventID: 'replay-1',
          eventName: 'MODIFY',
          dynamodb: {
            SequenceNumber: '1',
            Keys: { pk: { S: 'ORG#warn-org' }, sk: { S: 'COUNTER' } },
            NewImage: {
              pk: { S: 'ORG#warn-org' },
              sk: { S: 'COUNTER' },
              quota: { M: { administrative: { N: '1' }, publicInstitution: { N: '0' }, civilServiceManagedInstitution: { N: '0' }, logistics: { N: '0' } } },
              onRoll: { M: { administrative: { N: '3' }, publicInstitution: { N: '0' }, civilServiceManagedInstitution: { N: '0' }, logistics: { N: '0' } } },
              reserved: { M: { administrative: { N: '0' }, publicInstitution: { N: '0' }, civilServiceManagedInstitution: { N: '0' }, logistics: { N: '0' } } },
              vacancy: { M: { administrative: { N: '-2' }, publicInstitution: { N: '0' }, civilServiceManagedInstitution: { N: '0' }, logistics: { N: '0' } } },
              auditHead: { M: { seq: { N: '2' }, hash: { S: 'x' } } },
            },
          },
        },
      ],
    })) as { batchItemFailures: unknown[] };
    expect(reply.batchItemFailures).toEqual([]);
    // An update of a closed warning is a new raise only if it is newer than the close: seq 2 is older.
    const after = await warningsOf('warn-org');
    expect(after.open).toEqual([]);
    expect(after.closed).toEqual(before.closed);
  });

  it('reports planted drift at the nightly reconciliation, and only that', async () => {
    // An approved plan of warn-org reserves a slot: its notice is what the records say is reserved.
    const planId = (
      await callApi(
        host,
        'POST',
        '/plans',
        'warn-clerk',
        { orgId: 'warn-org', quotaType: 'administrative', count: 1, channel: 'publicRecruitment', reason: '补充人员' },
        { 'idempotency-key': `warn-plan-${Date.now()}` },
      )
    ).json.planId;
    await eventually(async () => {
      const now = (await call('GET', `/plans/${planId}`, 'demo-section')).json;
      if (now.status === 'approved') return now;
      for (const user of ['demo-section', 'demo-leader']) {
        for (const t of (await call('GET', '/tasks', user)).json.items.filter((x: any) => x.planId === planId && x.status === 'pending'))
          await call('POST', `/tasks/${t.taskId}/decision`, user, { decision: 'approve', opinion: '同意' });
      }
      return undefined;
    }, 'the plan approved');
    expect((await call('GET', '/organizations/warn-org', 'demo-section')).json.establishment.reserved.administrative).toBe(1);
    await host.streams.drain();
    // Drift planted behind the write path's back: one more on the roll than the roster lists.
    await ddb().send(
      new UpdateCommand({
        TableName: process.env.TABLE_REGISTRY,
        Key: { pk: 'ORG#warn-posts', sk: 'COUNTER' },
        UpdateExpression: 'SET onRoll.administrative = onRoll.administrative + :one, vacancy.administrative = vacancy.administrative - :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    const run = (await host.scheduler.fire('counter-reconciliation', host.clock.now())) as { result: any };
    expect(run.result.drift).toEqual([
      { orgId: 'warn-posts', field: 'onRoll.administrative', counter: 3, records: 2 },
      { orgId: 'warn-posts', field: 'vacancy.administrative', counter: 2, records: 3 },
    ]);
    expect(run.result.driftCount).toBe(2);
    expect(run.result.organizations).toBeGreaterThanOrEqual(2);
    expect(run.result.reads.requests).toBeGreaterThan(run.result.organizations);
    const report = await call('GET', '/reconciliation', 'demo-operator');
    expect(report.json).toMatchObject({ driftCount: 2, drift: run.result.drift });
    expect((await call('GET', '/reconciliation', 'warn-clerk')).status).toBe(403);
  });
});
