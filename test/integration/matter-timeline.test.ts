/**
 * Where a matter stands, over HTTP on the embedded host with the state machine that deploys: its
 * timeline (audit entries and the workflow's history merged in time order, nothing of the
 * payloads), its flow chart (SVG drawn from the definition, the way taken and the current state
 * marked), both for the unit that owns it and the office only; and the inbox's due view.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ddb } from '../../shared/data/ddb.ts';
import { keys } from '../../shared/data/keys.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { eventually, startTestHost } from '../support/host.ts';
import { setUpUnits } from '../support/units.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
/** An opinion naming a person: it is on the task and the matter, never on the timeline. */
const OPINION = '同意，请经办人李四补充测算表';
let n = 0;

const send = async (method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${host.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await host.issuer.sign(user)}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const call = async (method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await send(method, path, user, body, headers);
  return { status: res.status, json: (await res.json()) as any };
};
const submit = (title: string) =>
  call(
    'POST',
    '/matters',
    'tl-clerk',
    {
      orgId: 'tl-org',
      typeId: 'quotaIncrease',
      title,
      situation: 'dutiesChanged',
      partyGroupDecision: { date: todayInShanghai(), minutesRef: '党组会议纪要第3次' },
      priorCommunication: { date: todayInShanghai(), note: '已与机关编制科沟通' },
      materials: ['request', 'partyGroupMinutes', 'workloadEvidence'].map((code, i) => ({ code, ref: `att-${i}` })),
      change: { quotaType: 'administrative', count: 2 },
    },
    { 'idempotency-key': `tl-matter-${++n}-${Date.now()}` },
  );
const taskOf = (matterId: string, user: string, step: string) =>
  eventually(
    async () => (await call('GET', '/tasks', user)).json.items.find((t: any) => t.matterId === matterId && t.step === step),
    `a ${step} task of ${matterId} for ${user}`,
  );
const until = (matterId: string, status: string) =>
  eventually(
    async () => ((await call('GET', `/matters/${matterId}`, 'demo-section')).json.status === status ? true : undefined),
    `${matterId} to be ${status}`,
  );
/** The `<g>` of each box of the chart: its state and classes. */
const boxes = (svg: string) => new Map([...svg.matchAll(/<g class="(node [^"]*)" data-state="([^"]+)">/g)].map((m) => [m[2]!, m[1]!.split(' ')]));

let matterId = '';

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
  await setUpUnits(host, [
    { orgId: 'tl-org', name: '时间线测试局', clerk: 'tl-clerk', usccNo: 971 },
    { orgId: 'tl-other', name: '其他测试局', clerk: 'tl-other-clerk', usccNo: 972 },
  ]);

  // A matter accepted at the proposal stage, now waiting for the lead section's assessment.
  const r = await submit('关于增加行政编制的请示');
  expect(r.status).toBe(201);
  matterId = r.json.matterId;
  const proposal = await taskOf(matterId, 'demo-section', 'proposal');
  // Claimed first: the claim is on the timeline, and says no name to the department.
  expect((await call('POST', `/tasks/${proposal.taskId}/claim`, 'demo-section')).status).toBe(200);
  expect((await call('POST', `/tasks/${proposal.taskId}/decision`, 'demo-section', { decision: 'approve', opinion: OPINION })).status).toBe(200);
  await taskOf(matterId, 'demo-section', 'assessment');
});
afterAll(async () => host?.cleanup());

describe("a matter's timeline", () => {
  it('merges its audit entries and its workflow’s steps in time order, in English and Chinese', async () => {
    const r = await call('GET', `/matters/${matterId}/timeline`, 'tl-clerk');
    expect(r.status).toBe(200);
    const items = r.json.items as any[];
    const times = items.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(r.json.executions).toEqual([{ name: `${matterId}-r1`, history: true }]);

    const audit = items.filter((e) => e.source === 'audit');
    const workflow = items.filter((e) => e.source === 'workflow');
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['submit', 'preReviewPassed', 'enterStage', 'taskOpened', 'decide', 'proposalDecided']));
    expect(audit.find((e) => e.action === 'submit')).toMatchObject({ who: 'tl-clerk', role: 'department', whatZh: '提交申报' });
    // The department reads which section decided, not which of the office's people: the office reads both.
    const decided = audit.find((e) => e.action === 'decide');
    expect(decided).toMatchObject({ role: 'sectionStaff', whatZh: '「动议」机关编制科办理意见：同意' });
    expect(decided).not.toHaveProperty('who');
    expect(audit.find((e) => e.action === 'claim')).toMatchObject({ role: 'sectionStaff', whatZh: '「动议」已由承办人认领' });
    expect(JSON.stringify(r.json)).not.toContain('demo-section');
    const officeView = (await call('GET', `/matters/${matterId}/timeline`, 'demo-section')).json.items as any[];
    expect(officeView.find((e) => e.action === 'decide')).toMatchObject({ who: 'demo-section' });
    const matter = (await call('GET', `/matters/${matterId}`, 'tl-clerk')).json;
    expect(matter.proposalReview).toMatchObject({ decision: 'approve', sectionId: 'organs-section' });
    expect(matter.proposalReview).not.toHaveProperty('by');
    expect((await call('GET', `/matters/${matterId}`, 'demo-section')).json.proposalReview).toMatchObject({ by: 'demo-section' });
    expect(workflow[0]).toMatchObject({ event: 'ExecutionStarted', whatZh: '审批流程启动（第1次申报）', execution: `${matterId}-r1` });
    const said = workflow.map((e) => `${e.state ?? ''} ${e.whatZh}`);
    for (const s of [
      'JointPreReview 进入「前置审查」',
      'Proposal 进入「动议」',
      'Proposal 「动议」办理意见已送达',
      'Proposal 离开「动议」',
      'CoSectionOpinions 进入「会签（协办科室意见）」',
      'LeadAssessment 进入「论证（主办科室）」',
    ]) {
      expect(said).toContain(s);
    }
    // Only the chart's boxes: no folded step, no step inside the pre-review's branches.
    const states = new Set(workflow.map((e) => e.state).filter(Boolean));
    expect([...states].sort()).toEqual(['CoSectionOpinions', 'JointPreReview', 'LeadAssessment', 'Proposal']);

    // The section decides before the workflow takes the decision in; the lead's task opens after it enters the state.
    const index = (p: (e: any) => boolean) => items.findIndex(p);
    expect(index((e) => e.action === 'submit')).toBeLessThan(index((e) => e.event === 'ExecutionStarted'));
    expect(index((e) => e.action === 'decide')).toBeLessThan(index((e) => e.state === 'Proposal' && e.event === 'TaskSucceeded'));
    expect(index((e) => e.state === 'LeadAssessment')).toBeLessThan(items.findLastIndex((e) => e.action === 'taskOpened'));

    const text = JSON.stringify(r.json);
    expect(text).not.toContain(OPINION);
    expect(text).not.toMatch(/token|payload|"before"|"after"|hash/i);
  });

  it('is for the unit that owns the matter and the office: a department of another unit is refused', async () => {
    const other = await call('GET', `/matters/${matterId}/timeline`, 'tl-other-clerk');
    expect(other.status).toBe(403);
    expect(other.json.error.code).toBe('FORBIDDEN');
    expect((await call('GET', `/matters/${matterId}/timeline`, 'demo-leader')).status).toBe(200);
    expect((await call('GET', '/matters/matter-0000000000000000/timeline', 'demo-section')).status).toBe(404);
  });
});

describe("a matter's flow chart", () => {
  it('is an SVG of the definition with Chinese names, the way taken and where the matter stands', async () => {
    const res = await send('GET', `/matters/${matterId}/flow-chart`, 'tl-clerk');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const svg = await res.text();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    for (const zh of ['前置审查', '动议', '会签（协办科室意见）', '论证（主办科室）', '审议决定', '发文', '已批复', '退回补正']) expect(svg).toContain(zh);
    const b = boxes(svg);
    expect([...b].filter(([, cls]) => cls.includes('current')).map(([s]) => s)).toEqual(['LeadAssessment']);
    for (const s of ['JointPreReview', 'Proposal', 'CoSectionOpinions']) expect(b.get(s), s).toContain('visited');
    for (const s of ['Deliberation', 'Issue', 'Issued']) expect(b.get(s), s).not.toContain('visited');
    expect(svg).toMatch(/<path class="edge edge-next taken" data-from="Proposal" data-to="CoSectionOpinions"/);
    expect(svg).toContain('当前位置：论证（主办科室）');
    expect(svg).not.toMatch(/<script|href/i);
  });

  it('shows where a matter ended, and is refused to another unit', async () => {
    const r = await submit('材料不全的请示');
    const proposal = await taskOf(r.json.matterId, 'demo-section', 'proposal');
    await call('POST', `/tasks/${proposal.taskId}/decision`, 'demo-section', { decision: 'return', opinion: '请补充工作量测算依据' });
    await until(r.json.matterId, 'returned');
    const svg = await eventually(async () => {
      const text = await (await send('GET', `/matters/${r.json.matterId}/flow-chart`, 'demo-section')).text();
      return boxes(text).get('Returned')?.includes('current') ? text : undefined;
    }, 'the chart to show the matter returned');
    expect(svg).toMatch(/data-from="Proposal" data-to="Returned"/);
    expect(svg).toMatch(/<path class="edge edge-next taken" data-from="Proposal" data-to="Returned"/);
    const other = await send('GET', `/matters/${r.json.matterId}/flow-chart`, 'tl-other-clerk');
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toMatch(/json/);
  });
});

describe('the inbox by due date and by person', () => {
  it('marks a task whose due date passed on the system clock, and keeps those overdue or due today, or claimed by the caller, on request', async () => {
    const now = host.clock.now();
    const late = {
      taskId: 'task-0000000000000001r1i0',
      planId: 'plan-0000000000000001',
      sectionId: 'organs-section',
      assignedTo: 'organs-section',
      step: 'sectionApproval',
      status: 'pending',
      openedAt: new Date(now.getTime() - 5 * 86_400_000).toISOString(),
      dueAt: new Date(now.getTime() - 86_400_000).toISOString(),
      token: 'never-shown',
      version: 0,
    };
    // A step whose escalation has not been handled yet: written as the inbox keeps it.
    await ddb().send(
      new PutCommand({
        TableName: process.env.TABLE_MATTERS,
        Item: { ...keys.task(late.taskId), ...keys.taskIndex(late.sectionId, late.dueAt, late.taskId), ...late },
      }),
    );
    try {
      const all = (await call('GET', '/tasks', 'demo-section')).json.items as any[];
      expect(all.find((t) => t.taskId === late.taskId)).toMatchObject({ overdue: true });
      const assessment = all.find((t) => t.matterId === matterId && t.step === 'assessment');
      expect(assessment).toMatchObject({ overdue: false });
      expect(all.map((t) => t.dueAt)).toEqual(all.map((t) => t.dueAt).sort());
      expect(JSON.stringify(all)).not.toContain('never-shown');

      const overdue = (await call('GET', '/tasks?due=overdue', 'demo-section')).json.items as any[];
      expect(overdue.map((t) => t.taskId)).toContain(late.taskId);
      expect(overdue.every((t) => t.overdue === true)).toBe(true);
      // A stage's due date is at least a working day away: not due today.
      const today = (await call('GET', '/tasks?due=today', 'demo-section')).json.items as any[];
      expect(today.map((t) => t.taskId)).toContain(late.taskId);
      expect(today.map((t) => t.taskId)).not.toContain(assessment.taskId);

      // By person: once claimed (认领), the task is in its claimer's view and no longer among the unclaimed.
      expect((await call('GET', '/tasks?due=overdue&claimed=unclaimed', 'demo-section')).json.items.map((t: any) => t.taskId)).toContain(late.taskId);
      expect((await call('POST', `/tasks/${late.taskId}/claim`, 'demo-section')).status).toBe(200);
      const mine = (await call('GET', '/tasks?due=overdue&claimed=mine', 'demo-section')).json.items as any[];
      expect(mine.map((t) => [t.taskId, t.claimedBy, t.overdue])).toEqual([[late.taskId, 'demo-section', true]]);
      expect((await call('GET', '/tasks?claimed=mine', 'demo-section-head')).json.items.map((t: any) => t.taskId)).not.toContain(late.taskId);
      expect((await call('GET', '/tasks?due=overdue&claimed=unclaimed', 'demo-section')).json.items.map((t: any) => t.taskId)).not.toContain(late.taskId);

      const bad = await call('GET', '/tasks?due=soon', 'demo-section');
      expect(bad.status).toBe(422);
      expect(bad.json.error.issues[0].path).toBe('query.due');
    } finally {
      await ddb().send(new DeleteCommand({ TableName: process.env.TABLE_MATTERS, Key: keys.task(late.taskId) }));
    }
  });
});

describe('a step past its due date', () => {
  it('is on the timeline (who let it pass, who holds it now) and on the chart (the escalation is where the matter stands)', async () => {
    const r = await submit('逾期测试的请示');
    const id = r.json.matterId;
    const proposal = await taskOf(id, 'demo-section', 'proposal');
    await host.clock.advance(Date.parse(proposal.dueAt) - host.clock.now().getTime() + 60_000);
    await taskOf(id, 'demo-section-head', 'proposal');
    const items = (await call('GET', `/matters/${id}/timeline`, 'tl-clerk')).json.items as any[];
    const said = items.map((e) => e.whatZh);
    expect(said).toContain('「动议」已超过办理时限');
    expect(said).toContain('「动议」机关编制科逾期未办，转机关编制科负责人办理');
    expect(said).toContain('进入「动议（逾期转科室负责人）」');
    const svg = await (await send('GET', `/matters/${id}/flow-chart`, 'tl-clerk')).text();
    expect(boxes(svg).get('ProposalEscalated')).toContain('current');
    expect(svg).toMatch(/<path class="edge edge-catch taken" data-from="Proposal" data-to="ProposalEscalated"/);
  });
});
