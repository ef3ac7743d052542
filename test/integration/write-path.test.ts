/**
 * The write path under races and lost replies, over HTTP on the embedded host: an abolition
 * racing intakes and reservations never leaves an abolished unit holding people or slots, a
 * merger racing intakes leaves counters equal to the roster, and a reply lost after the commit
 * is still answered as the success it was; a write that keeps losing its race gives up with 409
 * BUSY while its invocation can still answer.
 */

import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ddb } from '../../shared/data/ddb.ts';
import { keys } from '../../shared/data/keys.ts';
import { reserveSlots } from '../../shared/data/reservations.ts';
import { type WritePlan, writeAudited } from '../../shared/data/write.ts';
import { QUOTA_TYPES } from '../../shared/domain/registry/rules.ts';
import { withInvocation } from '../../shared/invocation.ts';
import { callApi } from '../support/api.ts';
import { makeNationalId, makeUscc } from '../support/codes.ts';
import { eventually, startTestHost } from '../support/host.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
const DOC = '咸编发〔2026〕7号';
let usccNo = 900;
let idNo = 1;

const call = (method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}) =>
  callApi(host, method, path, user, body, headers);

const setUp = async (orgId: string, quota: number) => {
  const made = await call('POST', '/organizations', 'demo-section', {
    orgId,
    name: `竞态测试单位${orgId}`,
    kind: 'organ',
    fundingForm: 'fullFunding',
    uscc: makeUscc('1', usccNo++),
    legalPersonStatus: 'registered',
    documentNumber: DOC,
    effectiveDate: '2026-01-01',
  });
  expect(made.status, JSON.stringify(made.json)).toBe(201);
  expect(
    (await call('PUT', `/organizations/${orgId}/quotas/administrative`, 'demo-section', { approved: quota, documentNumber: DOC, effectiveDate: '2026-01-01' }))
      .status,
  ).toBe(200);
};

const intake = (orgId: string) =>
  call('POST', `/organizations/${orgId}/people`, 'demo-egov', {
    nationalId: makeNationalId('1990-05-05', 2 * idNo++ + 1),
    name: '张伟',
    quotaType: 'administrative',
    onRollSince: '2026-03-01',
  });

/** The people on a unit's roster, counted from the person records (a consistent read of each). */
const onRoster = async (orgId: string) => {
  const out = await ddb().send(
    new QueryCommand({
      TableName: process.env.TABLE_REGISTRY,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': keys.rosterIndexPk(orgId) },
    }),
  );
  let n = 0;
  for (const i of out.Items ?? []) {
    const p = await call('GET', `/people/${i.personId}`, 'demo-egov');
    if (p.json.status === 'onRoll' && p.json.orgId === orgId) n++;
  }
  return n;
};

const total = (counts: Record<string, number>) => QUOTA_TYPES.reduce((n, t) => n + (counts[t] ?? 0), 0);

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
});
afterAll(async () => host?.cleanup());

describe('an abolition racing intakes and reservations', () => {
  it('never leaves an abolished unit holding people or reserved slots (10 tries of 20 intakes and 3 reservations)', async () => {
    const outcomes = { abolished: 0, refused: 0 };
    for (let trial = 0; trial < 10; trial++) {
      const orgId = `race-ab-${trial}`;
      await setUp(orgId, 30);
      // Plans waiting for approval, whose reservations will race the abolition.
      await call('POST', '/users', 'demo-admin', { userId: `race-clerk-${trial}`, displayName: '竞态经办人', role: 'department', organizationId: orgId });
      const plans: string[] = [];
      for (let k = 0; k < 3; k++) {
        const p = await call(
          'POST',
          '/plans',
          `race-clerk-${trial}`,
          { orgId, quotaType: 'administrative', count: 1, channel: 'other', reason: '竞态测试用编' },
          { 'idempotency-key': `race-${trial}-plan-${k}` },
        );
        plans.push(p.json.planId);
      }
      await Promise.all(
        plans.map((id) =>
          eventually(
            async () => ((await call('GET', `/plans/${id}`, 'demo-section')).json.status === 'pendingApproval' ? true : undefined),
            `plan ${id} pending`,
          ),
        ),
      );
      const abolish = call('POST', `/organizations/${orgId}/events`, 'demo-section', { event: 'abolish', documentNumber: DOC, effectiveDate: '2026-11-01' });
      const actor = { userId: 'race-test', role: 'system', requestId: `race-${trial}` };
      const racing = await Promise.all([
        ...Array.from({ length: 20 }, () => intake(orgId)),
        ...plans.map((id) => reserveSlots(id, '2026-11-30', actor).then((r) => ({ status: r.reserved ? 201 : 409, json: r }))),
      ]);
      const ab = await abolish;
      const org = (await call('GET', `/organizations/${orgId}`, 'demo-section')).json;
      const people = await onRoster(orgId);
      if (org.status === 'abolished') {
        outcomes.abolished++;
        expect(ab.status).toBe(200);
        expect(total(org.establishment.onRoll), `trial ${trial}`).toBe(0);
        expect(total(org.establishment.reserved), `trial ${trial}`).toBe(0);
        expect(people, `trial ${trial}: people on an abolished unit's roster`).toBe(0);
        expect(
          racing.every((r) => r.status !== 201),
          `trial ${trial}`,
        ).toBe(true);
      } else {
        outcomes.refused++;
        expect(ab.json.error.issues[0]).toMatchObject({ path: 'body.event', rule: 'notEmpty' });
      }
      // Either way the counters agree with the roster.
      expect(total(org.establishment.onRoll), `trial ${trial}`).toBe(people);
    }
    expect(outcomes.abolished + outcomes.refused).toBe(10);
  }, 300_000);
});

describe('a merger racing intakes', () => {
  it('moves exactly the people it counted: counters equal the roster afterwards on both units', async () => {
    for (let trial = 0; trial < 5; trial++) {
      const from = `race-mf-${trial}`;
      const into = `race-mi-${trial}`;
      await setUp(from, 40);
      await setUp(into, 10);
      for (let k = 0; k < 5; k++) expect((await intake(from)).status).toBe(201);
      const merge = call('POST', `/organizations/${from}/events`, 'demo-section', {
        event: 'merge',
        intoId: into,
        documentNumber: DOC,
        effectiveDate: '2026-11-01',
      });
      await Promise.all([...Array.from({ length: 15 }, () => intake(from)), ...Array.from({ length: 5 }, () => intake(into))]);
      const m = await merge;
      expect([200, 409], JSON.stringify(m.json)).toContain(m.status);
      const a = (await call('GET', `/organizations/${from}`, 'demo-section')).json;
      const b = (await call('GET', `/organizations/${into}`, 'demo-section')).json;
      const [peopleA, peopleB] = [await onRoster(from), await onRoster(into)];
      expect(total(a.establishment.onRoll), `trial ${trial} ${from}`).toBe(peopleA);
      expect(total(b.establishment.onRoll), `trial ${trial} ${into}`).toBe(peopleB);
      expect(b.establishment.vacancy.administrative).toBe(
        b.establishment.quota.administrative - b.establishment.onRoll.administrative - b.establishment.reserved.administrative,
      );
      if (a.status === 'abolished') {
        expect(peopleA).toBe(0);
        expect(b.establishment.quota.administrative).toBe(50);
      }
    }
  }, 300_000);
});

describe('a reply lost after the commit', () => {
  it('still answers 201 for an intake whose first reply was dropped, and writes it once', async () => {
    await setUp('lost-reply', 5);
    const client = ddb();
    let dropped = 0;
    // Drops the first TransactWriteItems reply after DynamoDB committed it, as a network would.
    const dropFirstReply = (next: (args: any) => Promise<any>, context: { commandName?: string }) => async (args: any) => {
      const out = await next(args);
      if (context.commandName === 'TransactWriteItemsCommand' && dropped === 0) {
        dropped++;
        throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET', $metadata: {} });
      }
      return out;
    };
    client.middlewareStack.add(dropFirstReply as never, { step: 'deserialize', name: 'dropFirstReply' });
    try {
      const r = await intake('lost-reply');
      expect(dropped).toBe(1);
      expect(r.status, JSON.stringify(r.json)).toBe(201);
    } finally {
      client.middlewareStack.remove('dropFirstReply');
    }
    const org = (await call('GET', '/organizations/lost-reply', 'demo-section')).json;
    expect(org.establishment).toMatchObject({ onRoll: { administrative: 1 }, vacancy: { administrative: 4 } });
    expect(await onRoster('lost-reply')).toBe(1);
    const entries = await ddb().send(
      new QueryCommand({
        TableName: process.env.TABLE_AUDIT,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': 'CHAIN#org#lost-reply' },
        ConsistentRead: true,
      }),
    );
    expect((entries.Items ?? []).filter((e) => e.action === 'onRoll')).toHaveLength(1);
  });
});

describe('a write that keeps losing its race', () => {
  // A condition that never holds, refused with 'retry': the shape of a slot or counter that
  // 32 others keep taking first. Each attempt is made to cost 3 s of a 10 s invocation.
  const contested = (onAttempt: () => void) => (): WritePlan => {
    onAttempt();
    return {
      items: {
        slot: {
          Put: { TableName: process.env.TABLE_MATTERS, Item: { pk: 'TEST#contested', sk: 'slot' }, ConditionExpression: 'attribute_exists(neverThere)' },
        },
      },
      chains: [],
      refuse: () => 'retry',
    };
  };

  it('gives up with 409 BUSY while its invocation still has time to answer, instead of being stopped at its timeout', async () => {
    let left = 10_000;
    let attempts = 0;
    const write = withInvocation({ getRemainingTimeInMillis: () => left }, () =>
      writeAudited(
        contested(() => {
          attempts++;
          left -= 3_000;
        }),
      ),
    );
    await expect(write).rejects.toMatchObject({ statusCode: 409, code: 'BUSY' });
    // 7 s and 4 s left: tried again; 1 s left is under the reserve: no third retry.
    expect(attempts).toBe(3);
    expect(left).toBeGreaterThan(0);
  });

  it('keeps trying while there is time, and writes nothing when it gives up', async () => {
    let attempts = 0;
    const write = withInvocation({ getRemainingTimeInMillis: () => 60_000 - attempts * 100 }, () => writeAudited(contested(() => attempts++)));
    await expect(write).rejects.toMatchObject({ code: 'BUSY' });
    expect(attempts).toBe(50);
    const item = await ddb().send(new GetCommand({ TableName: process.env.TABLE_MATTERS, Key: { pk: 'TEST#contested', sk: 'slot' } }));
    expect(item.Item).toBeUndefined();
  }, 30_000);
});
