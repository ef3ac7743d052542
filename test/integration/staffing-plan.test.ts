/**
 * Staffing-use plans end to end over HTTP on the embedded host, with the state machine file
 * that deploys: submission, joint pre-review, approval by the sections (and escalation),
 * reservation, and on-establishment that never goes past the reserved slots.
 */

import { DescribeExecutionCommand, GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ddb } from '../../shared/data/ddb.ts';
import { verifyChain } from '../../shared/domain/audit-chain.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { makeNationalId, makeUscc } from '../support/codes.ts';
import { eventually, sfnClient, startTestHost } from '../support/host.ts';
import { download, readDocx } from '../support/office-files.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
const DOC = '咸编发〔2026〕7号';

const call = async (method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${host.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await host.issuer.sign(user)}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
};

const plan = (count: number, reason = '2026年公开招聘工作人员') => ({
  orgId: 'plan-org',
  quotaType: 'administrative',
  count,
  channel: 'publicRecruitment',
  reason,
});
const submit = (body: unknown, key: string) => call('POST', '/plans', 'demo-department', body, { 'idempotency-key': key });
const planNow = (planId: string) => call('GET', `/plans/${planId}`, 'demo-section').then((r) => r.json);
const until = (planId: string, status: string) =>
  eventually(async () => ((await planNow(planId)).status === status ? planNow(planId) : undefined), `plan ${planId} to be ${status}`);
const taskFor = (planId: string, user: string) =>
  eventually(async () => (await call('GET', '/tasks', user)).json.items.find((t: any) => t.planId === planId), `a task of ${planId} for ${user}`);

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
  await call('POST', '/organizations', 'demo-section', {
    orgId: 'plan-org',
    name: '用编测试局',
    kind: 'organ',
    fundingForm: 'fullFunding',
    uscc: makeUscc('1', 800),
    legalPersonStatus: 'registered',
    documentNumber: DOC,
    effectiveDate: '2026-01-01',
  });
  await call('PUT', '/organizations/plan-org/quotas/administrative', 'demo-section', { approved: 10, documentNumber: DOC, effectiveDate: '2026-01-01' });
  await call('PATCH', '/users/demo-department', 'demo-admin', { organizationId: 'plan-org', reason: 'test' });
});
afterAll(async () => host?.cleanup());

describe('staffing-use plan', () => {
  let planId = '';

  it('takes one submission once per Idempotency-Key, with the same reply both times', async () => {
    const first = await submit(plan(5), 'plan-key-0001');
    expect(first.status).toBe(201);
    const second = await submit(plan(5), 'plan-key-0001');
    expect(second).toEqual(first);
    planId = first.json.planId;
    expect(first.json).toMatchObject({ status: 'preReview', sections: ['organs-section'], executionName: `${planId}-r1` });
    const reused = await submit(plan(4), 'plan-key-0001');
    expect(reused.json.error.issues[0]).toMatchObject({ path: 'headers.idempotency-key', rule: 'reused' });
    expect((await submit(plan(5), '')).status).toBe(400);
    expect((await call('GET', '/organizations/plan-org/plans', 'demo-department')).json.items).toHaveLength(1);
  });

  it('checks the plan before anything starts: vacancy, type, own units', async () => {
    const tooMany = await submit(plan(11), 'plan-key-0002');
    expect(tooMany.json.error.issues[0]).toMatchObject({ path: 'body.count', rule: 'vacancy' });
    const wrongType = await submit({ ...plan(1), quotaType: 'publicInstitution' }, 'plan-key-0003');
    expect(wrongType.json.error.issues[0]).toMatchObject({ path: 'body.quotaType', rule: 'quotaTypeForKind' });
  });

  it('passes pre-review, waits for the section, and reserves the slots once approved', async () => {
    const task = await taskFor(planId, 'demo-section');
    expect((await planNow(planId)).preReview.map((c: any) => c.check).sort()).toEqual(['registration', 'roster', 'supervision']);
    expect((await call('POST', `/tasks/${task.taskId}/decision`, 'demo-supervision', { decision: 'approve', opinion: '同意' })).status).toBe(404);
    const decided = await call('POST', `/tasks/${task.taskId}/decision`, 'demo-section', { decision: 'approve', opinion: '同意使用编制' });
    expect(decided.status).toBe(200);
    const again = await call('POST', `/tasks/${task.taskId}/decision`, 'demo-section', { decision: 'approve', opinion: '再次点击' });
    expect(again).toMatchObject({ status: 409, json: { error: { code: 'ALREADY_DECIDED' } } });
    const approved = await until(planId, 'approved');
    expect(approved.notice).toMatchObject({ number: '咸编用〔2026〕1号', reserved: 5, used: 0 });
    // 核准使用编制通知单, printed from the plan: its number, the unit, the slots in a table.
    const notice = await readDocx((await download(host, `/plans/${planId}/notice.docx`, 'demo-department')).bytes);
    expect(notice.paragraphs).toContain('咸编用〔2026〕1号');
    expect(notice.paragraphs).toEqual(expect.arrayContaining(['行政编制', '5']));
    expect(notice.eastAsiaFonts.has('仿宋_GB2312')).toBe(true);
    const org = await call('GET', '/organizations/plan-org', 'demo-section');
    expect(org.json.establishment).toMatchObject({ reserved: { administrative: 5 }, vacancy: { administrative: 5 } });
  });

  it('gives exactly the 5 reserved slots to 100 concurrent on-establishments; counters, roster and audit agree', async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        call('POST', `/organizations/plan-org/plans/${planId}/people`, 'demo-department', {
          nationalId: makeNationalId('1995-06-06', 2 * i + 1),
          name: '新进人员',
          onRollSince: todayInShanghai(),
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 201);
    const replies = Object.entries(
      results.reduce<Record<string, number>>((acc, r) => {
        const k = `${r.status} ${r.json?.error?.code ?? ''}`.trim();
        acc[k] = (acc[k] ?? 0) + 1;
        return acc;
      }, {}),
    );
    expect(ok, `replies: ${JSON.stringify(replies)}`).toHaveLength(5);
    expect(
      results.filter((r) => r.status === 409),
      `replies: ${JSON.stringify(replies)}`,
    ).toHaveLength(95);
    expect(results.filter((r) => r.status === 409).every((r) => r.json.error.code === 'NO_RESERVED_SLOT')).toBe(true);
    expect(ok[0]!.json.forms.establishmentCard.cardNumber).toMatch(/^BZK-plan-org-/);
    // 编制卡 as a document, drawn from the roster record: its number is the card's.
    const card = await readDocx((await download(host, `/people/${ok[0]!.json.person.personId}/establishment-card.docx`, 'demo-department')).bytes);
    expect(card.paragraphs).toEqual(expect.arrayContaining([ok[0]!.json.forms.establishmentCard.cardNumber, '编制卡', '新进人员', '行政编制']));
    const org = await call('GET', '/organizations/plan-org', 'demo-section');
    expect(org.json.establishment).toMatchObject({
      quota: { administrative: 10 },
      reserved: { administrative: 0 },
      onRoll: { administrative: 5 },
      vacancy: { administrative: 5 },
    });
    expect((await call('GET', '/organizations/plan-org/people', 'demo-egov')).json.items).toHaveLength(5);
    expect((await planNow(planId)).notice).toMatchObject({ reserved: 5, used: 5 });
    const entries = (
      await ddb().send(
        new QueryCommand({
          TableName: process.env.TABLE_AUDIT,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': 'CHAIN#org#plan-org' },
          ConsistentRead: true,
        }),
      )
    ).Items as any[];
    expect(entries.filter((e) => e.action === 'onboard')).toHaveLength(5);
    expect(verifyChain('org#plan-org', entries, { seq: entries.length, hash: entries.at(-1).hash }, undefined)).toBeUndefined();
  }, 120_000);

  it('takes a person off the roster, freeing the slot, with the notice a clerk prints', async () => {
    const roster = (await call('GET', '/organizations/plan-org/people', 'demo-egov')).json.items;
    const leaving = roster[0];
    // They joined on the day the notice was issued (no earlier: dates in order); they leave two days later.
    const joined = leaving.onRollSince;
    await host.clock.advance(2 * 86_400_000);
    const leftOn = todayInShanghai();
    const off = await call('POST', `/people/${leaving.personId}/offboard`, 'demo-department', {
      reason: 'resignation',
      date: leftOn,
      documentNumber: '咸人减〔2026〕2号',
    });
    expect(off.status).toBe(200);
    expect(off.json.forms.reductionNotice).toMatchObject({ title: '减员通知', reason: 'resignation', date: leftOn });
    const again = await call('POST', `/people/${leaving.personId}/offboard`, 'demo-department', { reason: 'resignation', date: leftOn });
    expect(again).toMatchObject({ status: 409, json: { error: { code: 'NOT_ON_ROLL' } } });
    const early = await call('POST', `/people/${roster[1].personId}/offboard`, 'demo-department', { reason: 'retirement', date: '2020-01-01' });
    expect(early.json.error.issues[0]).toMatchObject({ path: 'body.date', rule: 'order' });
    const org = await call('GET', '/organizations/plan-org', 'demo-section');
    expect(org.json.establishment).toMatchObject({ onRoll: { administrative: 4 }, vacancy: { administrative: 6 } });
    // Gone from today's headcount, still there for a date before they left.
    expect((await call('GET', `/organizations/plan-org?asAt=${joined}`, 'demo-section')).json.establishment.onRoll.administrative).toBe(5);
  });

  it('transfers a person only when the receiving unit asks and the sending unit releases, both rosters and counters at once', async () => {
    await call('POST', '/organizations', 'demo-section', {
      orgId: 'plan-recv',
      name: '接收单位',
      kind: 'organ',
      fundingForm: 'fullFunding',
      uscc: makeUscc('1', 801),
      legalPersonStatus: 'registered',
      documentNumber: DOC,
      effectiveDate: '2026-01-01',
    });
    await call('PUT', '/organizations/plan-recv/quotas/administrative', 'demo-section', { approved: 3, documentNumber: DOC, effectiveDate: '2026-01-01' });
    await call('POST', '/users', 'demo-admin', { userId: 'recv-clerk', displayName: '接收单位经办人', role: 'department', organizationId: 'plan-recv' });
    const p = await call(
      'POST',
      '/plans',
      'recv-clerk',
      { ...plan(1, '调入人员一名'), orgId: 'plan-recv', channel: 'transferIn' },
      { 'idempotency-key': 'recv-plan-0001' },
    );
    const task = await taskFor(p.json.planId, 'demo-section');
    await call('POST', `/tasks/${task.taskId}/decision`, 'demo-section', { decision: 'approve', opinion: '同意调入' });
    await until(p.json.planId, 'approved');
    const roster = (await call('GET', '/organizations/plan-org/people', 'demo-egov')).json.items.filter((x: any) => x.status === 'onRoll');
    const [mover, other] = roster;
    const before = (await call('GET', '/organizations/plan-org', 'demo-section')).json.establishment;
    // The sending unit cannot take the receiving unit's slot on its own: asking is the receiver's.
    const byTheSender = await call('POST', '/organizations/plan-recv/transfers', 'demo-department', {
      nationalId: mover.nationalId,
      planId: p.json.planId,
      date: todayInShanghai(),
    });
    expect(byTheSender.status).toBe(403);
    const asked = await call('POST', '/organizations/plan-recv/transfers', 'recv-clerk', {
      nationalId: mover.nationalId,
      planId: p.json.planId,
      date: todayInShanghai(),
    });
    expect(asked.status, JSON.stringify(asked.json)).toBe(201);
    expect(asked.json).toMatchObject({ status: 'requested', fromOrgId: 'plan-org', toOrgId: 'plan-recv', personId: mover.personId });
    // Nothing moved yet; the sending unit was told.
    expect((await call('GET', `/people/${mover.personId}`, 'demo-egov')).json.orgId).toBe('plan-org');
    expect(
      (await call('GET', '/organizations/plan-org/notifications', 'demo-department')).json.items.find((m: any) => m.transferId === asked.json.transferId),
    ).toMatchObject({ kind: 'transferRequested' });
    // The receiving unit cannot release the person itself.
    expect((await call('POST', `/transfers/${asked.json.transferId}/release`, 'recv-clerk')).status).toBe(403);
    const moved = await call('POST', `/transfers/${asked.json.transferId}/release`, 'demo-department');
    expect(moved.status, JSON.stringify(moved.json)).toBe(200);
    expect(moved.json).toMatchObject({
      transfer: { status: 'completed', releasedBy: 'demo-department' },
      person: { orgId: 'plan-recv', onRollSince: todayInShanghai() },
    });
    const after = (await call('GET', '/organizations/plan-org', 'demo-section')).json.establishment;
    expect(after.onRoll.administrative).toBe(before.onRoll.administrative - 1);
    expect((await call('GET', '/organizations/plan-recv', 'demo-section')).json.establishment).toMatchObject({
      reserved: { administrative: 0 },
      onRoll: { administrative: 1 },
      vacancy: { administrative: 2 },
    });
    expect((await call('POST', `/transfers/${asked.json.transferId}/release`, 'demo-department')).json.error.code).toBe('TRANSFER_CLOSED');
    // The plan's only slot is used: a second ask onto it is refused, nothing moves.
    const refused = await call('POST', '/organizations/plan-recv/transfers', 'recv-clerk', {
      nationalId: other.nationalId,
      planId: p.json.planId,
      date: todayInShanghai(),
    });
    expect(refused).toMatchObject({ status: 409, json: { error: { code: 'NO_RESERVED_SLOT' } } });
    expect((await call('GET', `/people/${other.personId}`, 'demo-egov')).json.orgId).toBe('plan-org');
    const listed = await call('GET', '/organizations/plan-recv/transfers', 'recv-clerk');
    expect(listed.json.incoming.map((t: any) => t.transferId)).toEqual([asked.json.transferId]);
  });

  it('takes transfers in order and with two people: a 调入 plan only, no date before the person joined, never released by whoever asked', async () => {
    const p = await call(
      'POST',
      '/plans',
      'recv-clerk',
      { ...plan(1, '再调入一名'), orgId: 'plan-recv', channel: 'transferIn' },
      { 'idempotency-key': 'recv-plan-0002' },
    );
    const task = await taskFor(p.json.planId, 'demo-section');
    await call('POST', `/tasks/${task.taskId}/decision`, 'demo-section', { decision: 'approve', opinion: '同意调入' });
    await until(p.json.planId, 'approved');
    const mover = (await call('GET', '/organizations/plan-org/people', 'demo-egov')).json.items.find((x: any) => x.status === 'onRoll');
    const tooEarly = await call('POST', '/organizations/plan-recv/transfers', 'recv-clerk', {
      nationalId: mover.nationalId,
      planId: p.json.planId,
      date: '2020-01-01',
    });
    expect(tooEarly.status).toBe(422);
    expect(tooEarly.json.error.issues.map((i: any) => `${i.path}:${i.rule}`)).toEqual(['body.date:order', 'body.date:order']);
    // The office may ask and may release, but not both for one transfer.
    const asked = await call('POST', '/organizations/plan-recv/transfers', 'demo-egov', {
      nationalId: mover.nationalId,
      planId: p.json.planId,
      date: todayInShanghai(),
    });
    expect(asked.status, JSON.stringify(asked.json)).toBe(201);
    expect((await call('POST', `/transfers/${asked.json.transferId}/release`, 'demo-egov')).status).toBe(403);
    expect((await call('GET', `/people/${mover.personId}`, 'demo-egov')).json.orgId).toBe('plan-org');
    expect((await call('POST', `/transfers/${asked.json.transferId}/release`, 'demo-department')).status).toBe(200);
  });

  it('needs every section concerned: a large plan waits for the organs and the supervision sections', async () => {
    await call('POST', '/organizations', 'demo-section', {
      orgId: 'plan-big',
      name: '大批用编单位',
      kind: 'organ',
      fundingForm: 'fullFunding',
      uscc: makeUscc('1', 802),
      legalPersonStatus: 'registered',
      documentNumber: DOC,
      effectiveDate: '2026-01-01',
    });
    await call('PUT', '/organizations/plan-big/quotas/administrative', 'demo-section', { approved: 30, documentNumber: DOC, effectiveDate: '2026-01-01' });
    await call('POST', '/users', 'demo-admin', { userId: 'big-clerk', displayName: '大批单位经办人', role: 'department', organizationId: 'plan-big' });
    const r = await call('POST', '/plans', 'big-clerk', { ...plan(12, '年度公开招聘12名'), orgId: 'plan-big' }, { 'idempotency-key': 'big-plan-0001' });
    expect(r.json.sections).toEqual(['organs-section', 'supervision-section']);
    const organs = await taskFor(r.json.planId, 'demo-section');
    const supervision = await taskFor(r.json.planId, 'demo-supervision');
    await call('POST', `/tasks/${organs.taskId}/decision`, 'demo-section', { decision: 'approve', opinion: '同意' });
    await new Promise((done) => setTimeout(done, 300));
    expect((await planNow(r.json.planId)).status).toBe('pendingApproval'); // still waiting for supervision
    await call('POST', `/tasks/${supervision.taskId}/decision`, 'demo-supervision', { decision: 'approve', opinion: '无违规问题，同意' });
    const approved = await until(r.json.planId, 'approved');
    expect(approved.decisions.map((d: any) => d.sectionId).sort()).toEqual(['organs-section', 'supervision-section']);
    expect(approved.notice.reserved).toBe(12);
    // The unit reads each section's decision, not which of the office's people recorded it.
    const asUnit = (await call('GET', `/plans/${r.json.planId}`, 'big-clerk')).json;
    expect(asUnit.decisions.map((d: any) => [d.sectionId, d.decision])).toEqual(approved.decisions.map((d: any) => [d.sectionId, d.decision]));
    expect(JSON.stringify(asUnit)).not.toMatch(/demo-section|demo-supervision/);
  });

  it('returns a plan for correction when the section says so', async () => {
    const r = await submit(plan(2, '补充招聘'), 'plan-key-0010');
    const task = await taskFor(r.json.planId, 'demo-section');
    await call('POST', `/tasks/${task.taskId}/decision`, 'demo-section', { decision: 'return', opinion: '请补充岗位说明' });
    const returned = await until(r.json.planId, 'returned');
    expect(returned.outcome.messageZh).toMatch(/请补充岗位说明/);
    // Corrected and resubmitted: a new revision, a new execution, approved this time.
    const again = await call('POST', `/plans/${r.json.planId}/resubmit`, 'demo-department', { reason: '补充招聘：综合管理岗2名，岗位说明见附件' });
    expect(again.json).toMatchObject({ revision: 2, status: 'preReview', executionName: `${r.json.planId}-r2` });
    expect((await call('POST', `/plans/${r.json.planId}/resubmit`, 'demo-department', {})).json.error.code).toBe('NOT_RETURNED');
    const task2 = await eventually(
      async () => (await call('GET', '/tasks', 'demo-section')).json.items.find((t: any) => t.planId === r.json.planId && t.taskId !== task.taskId),
      'the revision 2 task',
    );
    await call('POST', `/tasks/${task2.taskId}/decision`, 'demo-section', { decision: 'approve', opinion: '同意' });
    expect((await until(r.json.planId, 'approved')).revision).toBe(2);
  });

  it('withdraws a pending plan: its workflow stops and its task leaves the section’s list', async () => {
    const r = await submit(plan(1, '拟撤回的申请'), 'plan-key-0014');
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    await taskFor(r.json.planId, 'demo-section');
    const w = await call('POST', `/plans/${r.json.planId}/withdraw`, 'demo-department');
    expect(w.json.status).toBe('withdrawn');
    expect((await call('GET', '/tasks', 'demo-section')).json.items.some((t: any) => t.planId === r.json.planId)).toBe(false);
    expect((await call('POST', `/plans/${r.json.planId}/withdraw`, 'demo-department')).json.error.code).toBe('NOT_PENDING');
    // The workflow ends as Withdrawn, not as a failure (nothing for the failed-executions alarm).
    const execution = await eventually(async () => {
      const d = await sfnClient(host).send(
        new DescribeExecutionCommand({
          executionArn: `${host.stateMachineArn('staffing-plan').replace(':stateMachine:', ':execution:')}:${r.json.executionName}`,
        }),
      );
      return d.status === 'RUNNING' ? undefined : d;
    }, 'the withdrawn workflow to end');
    expect(execution.status).toBe('SUCCEEDED');
    const states = ((await sfnClient(host).send(new GetExecutionHistoryCommand({ executionArn: execution.executionArn }))).events ?? [])
      .map((e) => e.stateEnteredEventDetails?.name)
      .filter(Boolean);
    expect(states).toContain('Withdrawn');
  });

  it('escalates to the leadership when the section does not answer in time', async () => {
    const r = await submit(plan(1, '急需人员'), 'plan-key-0011');
    await taskFor(r.json.planId, 'demo-section');
    await host.clock.advance(7 * 86_400_000 + 60_000);
    const escalated = await taskFor(r.json.planId, 'demo-leader');
    expect(escalated).toMatchObject({
      sectionId: 'leadership',
      assignedTo: 'organs-section',
      status: 'pending',
      timeouts: [{ holder: 'organs-section', step: 'sectionApproval' }],
    });
    await call('POST', `/tasks/${escalated.taskId}/decision`, 'demo-leader', { decision: 'approve', opinion: '同意' });
    const approved = await until(r.json.planId, 'approved');
    // Every notice has its own number of the year, with no gaps.
    expect(approved.notice.number).toMatch(/^咸编用〔2026〕\d+号$/);
    const numbers = (await Promise.all(['plan-org', 'plan-recv', 'plan-big'].map((o) => call('GET', `/organizations/${o}/plans`, 'demo-section'))))
      .flatMap((r) => r.json.items)
      .filter((p: any) => p.notice)
      .map((p: any) => Number(/〕(\d+)号/.exec(p.notice.number)![1]))
      .sort((a: number, b: number) => a - b);
    expect(numbers).toEqual(numbers.map((_: number, i: number) => i + 1));
  });

  it('releases the unused slots when the approval notice expires, and tells the unit', async () => {
    const r = await submit(plan(2, '预留编制'), 'plan-key-0013');
    const task = await taskFor(r.json.planId, 'demo-section');
    await call('POST', `/tasks/${task.taskId}/decision`, 'demo-section', { decision: 'approve', opinion: '同意' });
    const approved = await until(r.json.planId, 'approved');
    await call('POST', `/organizations/plan-org/plans/${r.json.planId}/people`, 'demo-department', {
      nationalId: makeNationalId('1996-03-03', 901),
      name: '李四',
      onRollSince: todayInShanghai(),
    });
    const before = (await call('GET', '/organizations/plan-org', 'demo-section')).json.establishment;
    // Past the notice's last valid day, the daily job runs (the clock drives the scheduler).
    const days = Math.ceil((Date.parse(`${approved.notice.validUntil}T00:00:00+08:00`) - host.clock.now().getTime()) / 86_400_000) + 1;
    await host.clock.advance(days * 86_400_000);
    await eventually(async () => ((await planNow(r.json.planId)).status === 'lapsed' ? true : undefined), 'the reservation to lapse');
    const after = (await call('GET', '/organizations/plan-org', 'demo-section')).json.establishment;
    // Every notice issued in this test has expired by now (the escalated plan's too): all reservations are back.
    expect(before.reserved.administrative).toBeGreaterThan(0);
    expect(after.reserved.administrative).toBe(0);
    expect(after.vacancy.administrative).toBe(before.vacancy.administrative + before.reserved.administrative);
    expect((await planNow(r.json.planId)).notice).toMatchObject({ reserved: 2, used: 1, released: 1 });
    const inbox = await call('GET', '/organizations/plan-org/notifications', 'demo-department');
    expect(inbox.json.items.find((m: any) => m.planId === r.json.planId)).toMatchObject({ kind: 'reservationLapsed', released: 1 });
    const late = await call('POST', `/organizations/plan-org/plans/${r.json.planId}/people`, 'demo-department', {
      nationalId: makeNationalId('1996-03-03', 903),
      name: '王五',
      onRollSince: todayInShanghai(),
    });
    expect(late.json.error.code).toBe('NO_RESERVED_SLOT');
  });
});
