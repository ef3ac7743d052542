/**
 * Supervision letters (督办函, R-SUP-1) over HTTP on the embedded host: an issued matter's
 * implementation item passes its deadline on the moved clock, the daily schedule writes the
 * letter, and the letter blocks the unit's next plan and matter at pre-review until the
 * supervision section verifies the unit's rectification.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ddb } from '../../shared/data/ddb.ts';
import { keys } from '../../shared/data/keys.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { callApi } from '../support/api.ts';
import { makeUscc } from '../support/codes.ts';
import { eventually, startTestHost } from '../support/host.ts';
import { download, readDocx } from '../support/office-files.ts';
import { setUpUnits } from '../support/units.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
let n = 0;
const call = (method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}) =>
  callApi(host, method, path, user, body, headers);
const key = () => ({ 'idempotency-key': `sup-${++n}-${Date.now()}` });
const today = () => todayInShanghai(host.clock.now());

const submitMatter = (orgId: string, clerk: string) =>
  call(
    'POST',
    '/matters',
    clerk,
    {
      orgId,
      typeId: 'quotaIncrease',
      title: '关于增加行政编制的请示',
      situation: 'dutiesChanged',
      partyGroupDecision: { date: today(), minutesRef: '党组会议纪要第3次' },
      priorCommunication: { date: today(), note: '已与机关编制科沟通' },
      materials: ['request', 'partyGroupMinutes', 'workloadEvidence'].map((code, i) => ({ code, ref: `att-${i}` })),
      change: { quotaType: 'administrative', count: 2 },
    },
    key(),
  );
const submitPlan = (orgId: string, clerk: string) =>
  call('POST', '/plans', clerk, { orgId, quotaType: 'administrative', count: 1, channel: 'publicRecruitment', reason: '补充工作人员' }, key());

const matterNow = async (id: string) => (await call('GET', `/matters/${id}`, 'demo-section')).json;
const planNow = async (id: string) => (await call('GET', `/plans/${id}`, 'demo-section')).json;
const settled = (read: () => Promise<any>, statuses: string[], what: string) =>
  eventually(async () => {
    const now = await read();
    return statuses.includes(now.status) ? now : undefined;
  }, what);
const taskOf = (matterId: string, user: string, step: string) =>
  eventually(
    async () => (await call('GET', '/tasks', user)).json.items.find((t: any) => t.matterId === matterId && t.step === step),
    `a ${step} task of ${matterId}`,
  );
const decide = (taskId: string, user: string, body: Record<string, unknown>) => call('POST', `/tasks/${taskId}/decision`, user, { opinion: '同意', ...body });

/** A quota increase of `orgId`, taken through 动议, 论证 and 审议决定 to its document. */
const issuedMatter = async (orgId: string, clerk: string) => {
  const id = (await submitMatter(orgId, clerk)).json.matterId;
  await decide((await taskOf(id, 'demo-section', 'proposal')).taskId, 'demo-section', { decision: 'approve' });
  await decide((await taskOf(id, 'demo-section', 'assessment')).taskId, 'demo-section', {
    decision: 'approve',
    assessment: { political: '符合党中央决策部署', systemic: '与机构设置体系衔接', legal: '符合条例规定', reasonableness: '工作量测算合理' },
  });
  await decide((await taskOf(id, 'demo-leader', 'deliberation')).taskId, 'demo-leader', {
    decision: 'approve',
    meeting: { date: today(), ref: '编委会2026年第6次会议' },
  });
  return settled(() => matterNow(id), ['issued'], `matter ${id} to be issued`);
};

const lettersOf = async (orgId: string) => (await call('GET', `/organizations/${orgId}/supervision-letters`, 'demo-supervision')).json.items;

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
  await setUpUnits(host, [
    { orgId: 'sup-late', name: '逾期落实局', clerk: 'sup-late-clerk', usccNo: 961 },
    { orgId: 'sup-prompt', name: '按期落实局', clerk: 'sup-prompt-clerk', usccNo: 962 },
    { orgId: 'sup-poor', name: '整改不力局', clerk: 'sup-poor-clerk', usccNo: 963 },
  ]);
});
afterAll(async () => host?.cleanup());

describe('supervision letters', () => {
  it('writes an overdue item up in a numbered letter that blocks the unit’s next plan and matter until its rectification is verified', async () => {
    const late = await issuedMatter('sup-late', 'sup-late-clerk');
    const prompt = await issuedMatter('sup-prompt', 'sup-prompt-clerk');
    const due = late.implementation.dueDate as string;
    // The unit on time reports before the deadline: no letter for it.
    expect(
      (await call('POST', `/matters/${prompt.matterId}/implementation/implementationReport`, 'sup-prompt-clerk', { note: '已落实到位', evidence: ['att-1'] }))
        .status,
    ).toBe(200);

    // The deadline day itself is still in time: the sweep of that day writes nothing.
    const toDue = Date.parse(`${due}T12:00:00+08:00`) - host.clock.now().getTime();
    await host.clock.advance(toDue);
    const onTheDay = (await host.scheduler.fire('deadline-sweep', host.clock.now())) as { result: { lettersIssued: unknown[] } };
    expect(onTheDay.result.lettersIssued).toEqual([]);

    // The day after, the daily schedule (moved past by the clock) writes the letter.
    await host.clock.advance(86_400_000);
    const [letter] = await eventually(async () => {
      const l = await lettersOf('sup-late');
      return l.length ? l : undefined;
    }, 'the supervision letter to sup-late');
    const year = today().slice(0, 4);
    expect(letter).toMatchObject({
      orgId: 'sup-late',
      addresseeZh: '逾期落实局',
      issuedOn: today(),
      status: 'open',
      items: [{ matterId: late.matterId, item: 'implementationReport', itemZh: '落实情况报告', dueDate: due, matterTitle: '关于增加行政编制的请示' }],
      issuedBy: 'deadline-sweep-job',
    });
    expect(letter.number).toMatch(new RegExp(`^咸编办发〔${year}〕\\d+号$`));
    expect(letter.rectifyBy > today()).toBe(true);
    expect(letter.bodyZh).toContain('逾期落实局：');
    expect(letter.bodyZh).toContain(`请于 ${letter.rectifyBy} 前整改到位`);
    expect(await lettersOf('sup-prompt')).toEqual([]);
    const item = (await call('GET', `/matters/${late.matterId}/implementation`, 'sup-late-clerk')).json.items[0];
    expect(item).toMatchObject({ status: 'open', letterId: letter.letterId });
    const told = (await call('GET', '/organizations/sup-late/notifications', 'sup-late-clerk')).json.items;
    expect(told.find((m: any) => m.kind === 'supervisionLetter')).toMatchObject({ letterId: letter.letterId });
    expect(told.find((m: any) => m.kind === 'supervisionLetter').messageZh).toContain(letter.number);

    // Delivered again (as `npm run fire` does): the item is in a letter already, so no second letter.
    const again = (await host.scheduler.fire('deadline-sweep', host.clock.now())) as { result: { lettersIssued: unknown[] } };
    expect(again.result.lettersIssued).toEqual([]);
    expect(await lettersOf('sup-late')).toHaveLength(1);
    // The supervision section's list of open letters has it; another unit cannot read it.
    expect((await call('GET', '/supervision-letters', 'demo-supervision')).json.items.map((l: any) => l.letterId)).toContain(letter.letterId);
    expect((await call('GET', `/supervision-letters/${letter.letterId}`, 'sup-prompt-clerk')).status).toBe(403);
    expect((await call('GET', `/supervision-letters/${letter.letterId}`, 'sup-late-clerk')).json.number).toBe(letter.number);
    // The ledger's statistics still count the item written up in the letter: open, and overdue.
    const figures = (await call('GET', '/statistics/supervision', 'sup-late-clerk')).json;
    expect(figures).toMatchObject({ scope: { orgId: 'sup-late' }, letters: { open: 1 }, ledger: { open: 1, overdue: 1 } });

    // Blocked: the unit's next plan and next matter are refused at pre-review, naming the letter.
    const planId = (await submitPlan('sup-late', 'sup-late-clerk')).json.planId;
    const plan = await settled(() => planNow(planId), ['refused', 'pendingApproval'], 'the plan past pre-review');
    expect(plan.outcome.code).toBe('refusedAtPreReview');
    expect(plan.outcome.messageZh).toContain(letter.number);
    const matterId = (await submitMatter('sup-late', 'sup-late-clerk')).json.matterId;
    const matter = await settled(() => matterNow(matterId), ['refused', 'proposal'], 'the matter past pre-review');
    expect(matter.preReview.find((c: any) => c.check === 'supervision')).toMatchObject({ ok: false, reasons: [{ code: 'openLetter' }] });
    expect(matter.outcome.messageZh).toContain(letter.number);
    // 督办函, printed from the letter: its number, the unit, the overdue item in a table, the deadline.
    const printed = await readDocx((await download(host, `/supervision-letters/${letter.letterId}/document.docx`, 'sup-late-clerk')).bytes);
    expect(printed.paragraphs).toContain(letter.number);
    expect(printed.paragraphs.some((p) => p.includes('落实情况报告'))).toBe(true);
    expect((await download(host, `/supervision-letters/${letter.letterId}/document.docx`, 'sup-prompt-clerk')).status).toBe(403);

    // Verification waits for a report; a report needs evidence; a report found wanting comes back.
    const early = await call('POST', `/supervision-letters/${letter.letterId}/verification`, 'demo-supervision', { outcome: 'verified', opinion: '已整改' });
    expect(early).toMatchObject({ status: 409, json: { error: { code: 'LETTER_NOT_REPORTED' } } });
    const noEvidence = await call('POST', `/supervision-letters/${letter.letterId}/rectification`, 'sup-late-clerk', { note: '已整改到位', evidence: [] });
    expect(noEvidence.status).toBe(422);
    expect(noEvidence.json.error.issues[0].path).toBe('body.evidence');
    const report = { note: '已报送落实情况报告', evidence: ['att-rect-1'] };
    expect((await call('POST', `/supervision-letters/${letter.letterId}/rectification`, 'sup-prompt-clerk', report)).status).toBe(403);
    expect((await call('POST', `/supervision-letters/${letter.letterId}/rectification`, 'sup-late-clerk', report)).json.status).toBe('reported');
    const twice = await call('POST', `/supervision-letters/${letter.letterId}/rectification`, 'sup-late-clerk', report);
    expect(twice).toMatchObject({ status: 409, json: { error: { code: 'LETTER_NOT_OPEN' } } });
    const badVerdict = await call('POST', `/supervision-letters/${letter.letterId}/verification`, 'demo-supervision', { outcome: 'maybe', opinion: '再看看' });
    expect(badVerdict.status).toBe(422);
    expect(badVerdict.json.error.issues[0].path).toBe('body.outcome');
    expect(
      (await call('POST', `/supervision-letters/${letter.letterId}/verification`, 'sup-late-clerk', { outcome: 'verified', opinion: '自己核实' })).status,
    ).toBe(403);
    const rejected = await call('POST', `/supervision-letters/${letter.letterId}/verification`, 'demo-supervision', {
      outcome: 'rejected',
      opinion: '落实情况报告未附佐证材料',
    });
    expect(rejected.json).toMatchObject({ status: 'open', verifications: [{ outcome: 'rejected', by: 'demo-supervision' }] });
    const secondPlanId = (await submitPlan('sup-late', 'sup-late-clerk')).json.planId;
    const stillBlocked = await settled(() => planNow(secondPlanId), ['refused', 'pendingApproval'], 'the second plan past pre-review');
    expect(stillBlocked.status).toBe('refused');
    expect(stillBlocked.outcome.messageZh).toContain(letter.number);

    // Reported again and verified: the letter is closed and the unit's next plan goes on to approval.
    await call('POST', `/supervision-letters/${letter.letterId}/rectification`, 'sup-late-clerk', { ...report, evidence: ['att-rect-1', 'att-rect-2'] });
    const verified = await call('POST', `/supervision-letters/${letter.letterId}/verification`, 'demo-supervision', {
      outcome: 'verified',
      opinion: '整改到位，予以销号',
    });
    expect(verified.json).toMatchObject({ status: 'rectified' });
    expect(verified.json.reports).toHaveLength(2);
    expect((await call('GET', '/supervision-letters', 'demo-supervision')).json.items.map((l: any) => l.letterId)).not.toContain(letter.letterId);
    expect((await call('GET', '/supervision-letters?status=rectified', 'demo-supervision')).json.items.map((l: any) => l.letterId)).toContain(letter.letterId);
    const next = (await submitPlan('sup-late', 'sup-late-clerk')).json.planId;
    const accepted = await settled(() => planNow(next), ['pendingApproval', 'refused'], 'the plan past pre-review');
    expect(accepted.status).toBe('pendingApproval');

    // Each step is on the unit's audit chain, in order.
    const chain = await ddb().send(
      new QueryCommand({
        TableName: process.env.TABLE_AUDIT,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': keys.auditChainPk('org#sup-late') },
      }),
    );
    expect((chain.Items ?? []).filter((e) => e.entityId === letter.letterId).map((e) => e.action)).toEqual([
      'issue',
      'reportRectification',
      'rejectRectification',
      'reportRectification',
      'verifyRectification',
    ]);
  });

  it('suspends the approvals of a unit that let its letter lapse, with the interview of its head, until the leadership lifts it', async () => {
    const matter = await issuedMatter('sup-poor', 'sup-poor-clerk');
    await host.clock.advance(Date.parse(`${matter.implementation.dueDate}T12:00:00+08:00`) - host.clock.now().getTime() + 86_400_000);
    const [letter] = await eventually(async () => {
      const l = await lettersOf('sup-poor');
      return l.length ? l : undefined;
    }, 'the supervision letter to sup-poor');
    const suspend = {
      letterId: letter.letterId,
      reason: '逾期未报送落实情况报告，经督办仍未整改',
      interview: { date: letter.rectifyBy, headName: '李局长', interviewers: '编办分管领导、监督检查科科长', minutesRef: '约谈记录〔2026〕1号' },
    };
    // Within its rectification date, and not found wanting: no grounds yet.
    const early = await call('POST', '/organizations/sup-poor/suspension', 'demo-leader', suspend);
    expect(early.status).toBe(422);
    expect(early.json.error.issues[0]).toMatchObject({ path: 'body.letterId', rule: 'notPoorRectification' });
    expect((await call('POST', '/organizations/sup-poor/suspension', 'demo-supervision', suspend)).status).toBe(403);

    // Past the date, unrectified: the leadership suspends and the interview is on record.
    await host.clock.advance(Date.parse(`${letter.rectifyBy}T12:00:00+08:00`) - host.clock.now().getTime() + 86_400_000);
    const suspended = await call('POST', '/organizations/sup-poor/suspension', 'demo-leader', suspend);
    expect(suspended.status).toBe(200);
    expect(suspended.json).toMatchObject({ status: 'active', letterNumber: letter.number, interview: suspend.interview, suspendedBy: 'demo-leader' });
    expect((await call('POST', '/organizations/sup-poor/suspension', 'demo-leader', suspend)).json.error.code).toBe('SUSPENDED_ALREADY');
    const view = (await call('GET', '/organizations/sup-poor/supervision', 'sup-poor-clerk')).json;
    expect(view.blocks.map((b: any) => b.kind).sort()).toEqual(['openLetter', 'suspension']);
    expect(view.suspensions).toHaveLength(1);
    expect((await call('GET', '/organizations/sup-poor/supervision', 'sup-late-clerk')).status).toBe(403);

    // Its rectification verified, the letter no longer blocks; the suspension still does, for plans and matters alike.
    await call('POST', `/supervision-letters/${letter.letterId}/rectification`, 'sup-poor-clerk', { note: '已报送落实情况报告', evidence: ['att-9'] });
    await call('POST', `/supervision-letters/${letter.letterId}/verification`, 'demo-supervision', { outcome: 'verified', opinion: '整改到位' });
    const planId = (await submitPlan('sup-poor', 'sup-poor-clerk')).json.planId;
    const plan = await settled(() => planNow(planId), ['refused', 'pendingApproval'], 'the plan past pre-review');
    expect(plan.status).toBe('refused');
    expect(plan.outcome.messageZh).toContain('暂停受理');
    const matterId = (await submitMatter('sup-poor', 'sup-poor-clerk')).json.matterId;
    const refused = await settled(() => matterNow(matterId), ['refused', 'proposal'], 'the matter past pre-review');
    expect(refused.preReview.find((c: any) => c.check === 'supervision').reasons.map((r: any) => r.code)).toEqual(['suspension']);

    // Lifted with a reason: kept in the history, and the unit's next plan goes on.
    const lifted = await call('POST', '/organizations/sup-poor/suspension/lift', 'demo-leader', { reason: '整改到位，约谈要求已落实' });
    expect(lifted.json).toMatchObject({ status: 'lifted', liftedBy: 'demo-leader', liftReason: '整改到位，约谈要求已落实' });
    expect((await call('POST', '/organizations/sup-poor/suspension/lift', 'demo-leader', { reason: '再次解除' })).json.error.code).toBe('NOT_SUSPENDED');
    expect((await call('POST', '/organizations/no-such-org/suspension/lift', 'demo-leader', { reason: '解除暂停' })).status).toBe(404);
    const after = (await call('GET', '/organizations/sup-poor/supervision', 'demo-supervision')).json;
    expect(after.blocks).toEqual([]);
    expect(after.suspensions.map((x: any) => x.status)).toEqual(['lifted']);
    const next = (await submitPlan('sup-poor', 'sup-poor-clerk')).json.planId;
    expect((await settled(() => planNow(next), ['refused', 'pendingApproval'], 'the next plan past pre-review')).status).toBe('pendingApproval');
  });

  it('owes a new department head a notification letter within a month, warns daily once it is overdue, and numbers it on delivery', async () => {
    const since = today();
    const changed = await call('POST', '/organizations/sup-prompt/events', 'demo-section', {
      event: 'changeHead',
      principalHead: { name: '陈新', since },
      documentNumber: '咸组干〔2026〕12号',
      effectiveDate: since,
    });
    expect(changed.status).toBe(200);
    const [letter] = (await call('GET', '/organizations/sup-prompt/notification-letters', 'sup-prompt-clerk')).json.items;
    expect(letter).toMatchObject({ orgId: 'sup-prompt', headName: '陈新', since, status: 'pending', overdue: false });
    expect(letter.dueDate.slice(5, 7)).toBe(String((Number(since.slice(5, 7)) % 12) + 1).padStart(2, '0'));
    expect(letter.bodyZh).toContain('陈新同志');
    expect(letter.bodyZh).toContain('不得超编进人');
    // A subordinate unit's head is not a department head: no letter.
    await call('POST', '/organizations', 'demo-section', {
      orgId: 'sup-prompt-i01',
      parentId: 'sup-prompt',
      name: '按期落实局所属中心',
      kind: 'publicInstitution',
      fundingForm: 'fullFunding',
      uscc: makeUscc('1', 964),
      legalPersonStatus: 'registered',
      documentNumber: '咸编发〔2026〕7号',
      effectiveDate: '2026-01-01',
    });
    await call('POST', '/organizations/sup-prompt-i01/events', 'demo-section', {
      event: 'changeHead',
      principalHead: { name: '周立', since },
      documentNumber: '咸组干〔2026〕13号',
      effectiveDate: since,
    });
    expect((await call('GET', '/organizations/sup-prompt-i01/notification-letters', 'demo-supervision')).json.items).toEqual([]);

    // On its due date it is still in time; the day after, the daily sweep warns of it, every day until delivered.
    await host.clock.advance(Date.parse(`${letter.dueDate}T12:00:00+08:00`) - host.clock.now().getTime());
    const sweep = async () => ((await host.scheduler.fire('deadline-sweep', host.clock.now())) as { result: { notificationLettersOverdue: any[] } }).result;
    expect((await sweep()).notificationLettersOverdue.map((l) => l.noticeId)).not.toContain(letter.noticeId);
    await host.clock.advance(86_400_000);
    expect((await sweep()).notificationLettersOverdue).toContainEqual({
      orgId: 'sup-prompt',
      noticeId: letter.noticeId,
      headName: '陈新',
      dueDate: letter.dueDate,
    });
    const pending = (await call('GET', '/notification-letters', 'demo-supervision')).json.items.find((l: any) => l.noticeId === letter.noticeId);
    expect(pending).toMatchObject({ status: 'pending', overdue: true });

    // Delivered: numbered, off the pending list, no longer warned of; a second delivery is refused.
    const path = `/organizations/sup-prompt/notification-letters/${letter.noticeId}/delivery`;
    const unnumbered = await download(host, `/organizations/sup-prompt/notification-letters/${letter.noticeId}/document.docx`, 'demo-supervision');
    expect(unnumbered.status).toBe(409);
    expect(unnumbered.json().error.code).toBe('NOT_DELIVERED');
    const bad = await call('POST', path, 'demo-supervision', { deliveredOn: 'yesterday', method: 'pigeon', recipient: '陈新' });
    expect(bad.status).toBe(422);
    expect(bad.json.error.issues.map((i: any) => i.path).sort()).toEqual(['body.deliveredOn', 'body.method']);
    expect((await call('POST', path, 'sup-prompt-clerk', { deliveredOn: today(), method: 'inPerson', recipient: '陈新' })).status).toBe(403);
    const delivered = await call('POST', path, 'demo-supervision', { deliveredOn: today(), method: 'inPerson', recipient: '陈新' });
    expect(delivered.json).toMatchObject({ status: 'delivered', overdue: false, delivery: { method: 'inPerson', recipient: '陈新', by: 'demo-supervision' } });
    expect(delivered.json.number).toMatch(/^咸编办发〔\d{4}〕\d+号$/);
    const notice = await readDocx(
      (await download(host, `/organizations/sup-prompt/notification-letters/${letter.noticeId}/document.docx`, 'sup-prompt-clerk')).bytes,
    );
    expect(notice.paragraphs).toContain(delivered.json.number);
    expect(notice.paragraphs).toContain('陈新同志：');
    expect((await call('POST', path, 'demo-supervision', { deliveredOn: today(), method: 'post', recipient: '陈新' })).json.error.code).toBe(
      'ALREADY_DELIVERED',
    );
    // The next day's sweep no longer names it.
    await host.clock.advance(86_400_000);
    expect((await sweep()).notificationLettersOverdue.map((l) => l.noticeId)).not.toContain(letter.noticeId);
    expect((await call('GET', '/notification-letters', 'demo-supervision')).json.items.map((l: any) => l.noticeId)).not.toContain(letter.noticeId);
    expect((await call('GET', '/notification-letters?status=delivered', 'demo-supervision')).json.items.map((l: any) => l.noticeId)).toContain(letter.noticeId);
  });
});
