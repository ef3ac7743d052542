/**
 * The audit trail proves itself: after a checkpoint, entries are altered, deleted and reordered
 * directly in DynamoDB, and `npm run audit:verify` names each broken chain and entry.
 */

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../shared/audit/verify.ts';
import { ddb } from '../../shared/data/ddb.ts';
import { makeNationalId, makeUscc } from '../support/codes.ts';
import { startTestHost } from '../support/host.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
const DOC = '咸编发〔2026〕7号';
const ORGS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];

const call = async (method: string, path: string, user: string, body?: unknown) => {
  const res = await fetch(`${host.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await host.issuer.sign(user)}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
  return res.json();
};

const entries = async (orgId: string) =>
  (
    await ddb().send(
      new QueryCommand({
        TableName: process.env.TABLE_AUDIT,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `CHAIN#org#${orgId}` },
        ConsistentRead: true,
      }),
    )
  ).Items as Record<string, any>[];

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true, inMemory: false });
  for (const [i, orgId] of ORGS.entries()) {
    await call('POST', '/organizations', 'demo-section', {
      orgId,
      name: `单位${orgId}`,
      kind: 'organ',
      fundingForm: 'fullFunding',
      uscc: makeUscc('1', 100 + i),
      legalPersonStatus: 'registered',
      documentNumber: DOC,
      effectiveDate: '2026-01-01',
    });
    await call('PUT', `/organizations/${orgId}/quotas/administrative`, 'demo-section', { approved: 5, documentNumber: DOC, effectiveDate: '2026-01-01' });
    for (let p = 0; p < 3; p++) {
      await call('POST', `/organizations/${orgId}/people`, 'demo-egov', {
        nationalId: makeNationalId('1988-03-03', 100 * i + 2 * p + 1),
        name: '王芳',
        quotaType: 'administrative',
        onRollSince: '2026-02-01',
      });
    }
  }
  await host.scheduler.fire('audit-checkpoint', new Date('2026-11-29T16:30:00Z'));
});
afterAll(async () => host?.cleanup());

describe('audit verification', () => {
  it('proves an untouched trail intact, checkpoint included', async () => {
    const report = await verifyAudit();
    expect(report.problems).toEqual([]);
    expect(report.checkpoints).toBe(1);
    expect(report.entries).toBeGreaterThanOrEqual(ORGS.length * 5);
  });

  it('names the altered, missing, reordered and cut-off entries, and nothing else', async () => {
    const table = process.env.TABLE_AUDIT!;
    // alpha: someone edits what entry 2 says.
    const alpha = await entries('alpha');
    await ddb().send(new PutCommand({ TableName: table, Item: { ...alpha[1], after: { approved: 50 } } }));
    // beta: entry 3 deleted.
    const beta = await entries('beta');
    await ddb().send(new DeleteCommand({ TableName: table, Key: { pk: beta[2]!.pk, sk: beta[2]!.sk } }));
    // gamma: the contents of entries 2 and 3 swapped.
    const gamma = await entries('gamma');
    await ddb().send(new PutCommand({ TableName: table, Item: { ...gamma[2], pk: gamma[1]!.pk, sk: gamma[1]!.sk } }));
    await ddb().send(new PutCommand({ TableName: table, Item: { ...gamma[1], pk: gamma[2]!.pk, sk: gamma[2]!.sk } }));
    // delta: the last two entries deleted and the head rolled back to match; only the checkpoint knows.
    const delta = await entries('delta');
    for (const e of delta.slice(3)) await ddb().send(new DeleteCommand({ TableName: table, Key: { pk: e.pk, sk: e.sk } }));
    await ddb().send(
      new UpdateCommand({
        TableName: process.env.TABLE_REGISTRY,
        Key: { pk: 'ORG#delta', sk: 'COUNTER' },
        UpdateExpression: 'SET auditHead = :h',
        ExpressionAttributeValues: { ':h': { seq: 3, hash: delta[2]!.hash } },
      }),
    );

    const report = await verifyAudit();
    const found = Object.fromEntries(report.problems.map((p) => [p.chain, `${p.kind}@${p.seq}`]));
    expect(found).toEqual({
      'org#alpha': 'altered@2',
      'org#beta': 'missing@3',
      'org#gamma': 'reordered@2',
      'org#delta': 'truncated@4',
    });

    // The command an auditor runs says the same and fails.
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
      env: { ...process.env, BIANZHI_DATA_DIR: host.dataDir },
    }).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/BROKEN org#alpha: entry 2 altered/);
    expect(run.stdout).toMatch(/BROKEN org#delta: entry 4 truncated/);
    expect(run.stdout).not.toMatch(/epsilon/);
  });

  it('finds a whole chain deleted after the last checkpoint by the record that owns it (an organization, a plan)', async () => {
    await call('POST', '/organizations', 'demo-section', {
      orgId: 'zeta',
      name: '单位zeta',
      kind: 'organ',
      fundingForm: 'fullFunding',
      uscc: makeUscc('1', 190),
      legalPersonStatus: 'registered',
      documentNumber: DOC,
      effectiveDate: '2026-01-01',
    });
    await call('PUT', '/organizations/zeta/quotas/administrative', 'demo-section', { approved: 2, documentNumber: DOC, effectiveDate: '2026-01-01' });
    await call('PATCH', '/users/demo-department', 'demo-admin', { organizationId: 'zeta', reason: 'tamper test' });
    const res = await fetch(`${host.apiUrl}/plans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await host.issuer.sign('demo-department')}`, 'content-type': 'application/json', 'idempotency-key': 'tamper-plan-1' },
      body: JSON.stringify({ orgId: 'zeta', quotaType: 'administrative', count: 1, channel: 'other', reason: '审计链测试用' }),
    });
    const plan = (await res.json()) as { planId: string };
    const table = process.env.TABLE_AUDIT!;
    const chainOf = async (chain: string) =>
      (
        await ddb().send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :p',
            ExpressionAttributeValues: { ':p': `CHAIN#${chain}` },
            ConsistentRead: true,
          }),
        )
      ).Items ?? [];
    // Wait for the workflow's own entries on the plan's chain, then delete the chain whole: entries and head.
    for (let i = 0; i < 100 && (await chainOf(`plan#${plan.planId}`)).length < 3; i++) await new Promise((r) => setTimeout(r, 50));
    for (const chain of ['org#zeta', `plan#${plan.planId}`]) {
      for (const e of await chainOf(chain)) await ddb().send(new DeleteCommand({ TableName: table, Key: { pk: e.pk, sk: e.sk } }));
    }
    await ddb().send(new DeleteCommand({ TableName: table, Key: { pk: `HEAD#plan#${plan.planId}`, sk: 'HEAD' } }));
    await ddb().send(
      new UpdateCommand({
        TableName: process.env.TABLE_REGISTRY,
        Key: { pk: 'ORG#zeta', sk: 'COUNTER' },
        UpdateExpression: 'REMOVE auditHead, gsi1pk, gsi1sk',
      }),
    );
    const found = Object.fromEntries((await verifyAudit()).problems.map((p) => [p.chain, `${p.kind}@${p.seq}`]));
    expect(found['org#zeta']).toBe('missing@1');
    expect(found[`plan#${plan.planId}`]).toBe('missing@1');
  });
});
