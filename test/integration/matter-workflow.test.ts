/**
 * A matter through its closed loop over HTTP on the embedded host, with the state machine file
 * that deploys: joint pre-review, 动议 by the lead section, 论证 with the co-sections' opinions
 * in parallel and the lead's assessment, 审议决定 by the leadership (a return to an earlier
 * stage, then resubmission), and issue of the numbered document with its registry change.
 * Stage due dates are working days; a step past its due date escalates to the lead section's head.
 */
import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { callApi } from '../support/api.ts';
import { makeNationalId, makeUscc } from '../support/codes.ts';
import { eventually, sfnClient, startTestHost } from '../support/host.ts';
import { download, readDocx } from '../support/office-files.ts';
import { setUpUnits } from '../support/units.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
const DOC = '咸编发〔2026〕7号';
let n = 0;

const call = (method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}) =>
  callApi(host, method, path, user, body, headers);
const today = () => todayInShanghai();
const materials = (...codes: string[]) => codes.map((code, i) => ({ code, ref: `att-${i}` }));
const submit = (over: Record<string, unknown>, user = 'wf-clerk') =>
  call(
    'POST',
    '/matters',
    user,
    {
      orgId: 'wf-org',
      typeId: 'quotaIncrease',
      title: '关于增加行政编制的请示',
      situation: 'dutiesChanged',
      partyGroupDecision: { date: today(), minutesRef: '党组会议纪要第3次' },
      priorCommunication: { date: today(), note: '已与机关编制科沟通' },
      materials: materials('request', 'partyGroupMinutes', 'workloadEvidence'),
      change: { quotaType: 'administrative', count: 3 },
      ...over,
    },
    { 'idempotency-key': `wf-matter-${++n}-${Date.now()}` },
  );
const matterNow = async (matterId: string) => (await call('GET', `/matters/${matterId}`, 'demo-section')).json;
const until = (matterId: string, status: string) =>
  eventually(async () => ((await matterNow(matterId)).status === status ? matterNow(matterId) : undefined), `matter ${matterId} to be ${status}`);
const taskOf = (matterId: string, user: string, step: string) =>
  eventually(
    async () => (await call('GET', '/tasks', user)).json.items.find((t: any) => t.matterId === matterId && t.step === step),
    `a ${step} task of ${matterId} for ${user}`,
  );
const decide = (taskId: string, user: string, body: Record<string, unknown>) => call('POST', `/tasks/${taskId}/decision`, user, { opinion: '同意', ...body });
/** Takes a simple matter of the organs section through 动议, 论证 and 审议决定 with approvals. */
const approveThrough = async (id: string) => {
  await decide((await taskOf(id, 'demo-section', 'proposal')).taskId, 'demo-section', { decision: 'approve' });
  await decide((await taskOf(id, 'demo-section', 'assessment')).taskId, 'demo-section', { decision: 'approve', assessment: ASSESSMENT });
  await decide((await taskOf(id, 'demo-leader', 'deliberation')).taskId, 'demo-leader', { decision: 'approve', meeting: MEETING() });
};
const ASSESSMENT = { political: '符合党中央决策部署', systemic: '与机构设置体系衔接', legal: '符合条例规定', reasonableness: '工作量测算合理' };
/** The paragraphs of a .docx the API serves, as one text. */
const docText = async (path: string, user: string) => (await readDocx((await download(host, path, user)).bytes)).paragraphs.join('\n');
const MEETING = () => ({ date: today(), ref: '编委会2026年第5次会议' });

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
  await setUpUnits(host, [
    { orgId: 'wf-org', name: '流程测试局', clerk: 'wf-clerk', usccNo: 951 },
    { orgId: 'wf-cut', name: '核减测试局', clerk: 'wf-cut-clerk', usccNo: 953 },
    { orgId: 'wf-gone', name: '撤销测试局', clerk: 'wf-gone-clerk', usccNo: 954 },
    { orgId: 'wf-held', name: '待撤测试局', clerk: 'wf-held-clerk', usccNo: 955 },
    // Its own unit for the tests that move the clock on by weeks: the other units' matters fall overdue, and their letters block them.
    { orgId: 'wf-late', name: '逾期测试局', clerk: 'wf-late-clerk', usccNo: 957 },
  ]);
});
afterAll(async () => host?.cleanup());

describe('a matter through the four stages', () => {
  it('takes a simple quota increase through 动议, 论证 and 审议 to a numbered document that raises the quota in the same transaction', async () => {
    const r = await submit({});
    expect(r.status).toBe(201);
    const id = r.json.matterId;
    const early = await download(host, `/matters/${id}/document.docx`, 'wf-clerk');
    expect(early.status).toBe(409);
    expect(early.json().error.code).toBe('NOT_ISSUED');
    const proposal = await taskOf(id, 'demo-section', 'proposal');
    expect(proposal).toMatchObject({ sectionId: 'organs-section', status: 'pending' });
    expect((await matterNow(id)).due.proposal).toMatchObject({ kind: 'working', days: 3 });
    expect((await decide(proposal.taskId, 'demo-section', { decision: 'approve' })).status).toBe(200);

    const assessment = await taskOf(id, 'demo-section', 'assessment');
    const bare = await decide(assessment.taskId, 'demo-section', { decision: 'approve' });
    expect(bare.status).toBe(422);
    expect(bare.json.error.issues.map((i: any) => `${i.path} ${i.rule}`)).toEqual(['body.assessment required']);
    expect((await decide(assessment.taskId, 'demo-section', { decision: 'approve', assessment: ASSESSMENT })).status).toBe(200);

    const deliberation = await taskOf(id, 'demo-leader', 'deliberation');
    const noMeeting = await decide(deliberation.taskId, 'demo-leader', { decision: 'approve' });
    expect(noMeeting.json.error.issues.map((i: any) => `${i.path} ${i.rule}`)).toEqual(['body.meeting required']);
    expect((await decide(deliberation.taskId, 'demo-leader', { decision: 'approve', meeting: MEETING() })).status).toBe(200);

    const issued = await until(id, 'issued');
    const year = today().slice(0, 4);
    expect(issued.document).toMatchObject({ registryChange: 'increaseQuota', applied: true, issuedOn: today() });
    expect(issued.document.number).toMatch(new RegExp(`^咸编发〔${year}〕\\d+号$`));
    expect(issued.assessment.details.assessment).toEqual(ASSESSMENT);
    expect(issued.deliberation.details.meeting).toEqual(MEETING());
    const org = (await call('GET', '/organizations/wf-org', 'demo-section')).json;
    expect(org.establishment.quota.administrative).toBe(13);
    const history = (await call('GET', '/organizations/wf-org/history', 'demo-section')).json.events;
    expect(history.some((h: any) => h.documentNumber === issued.document.number)).toBe(true);
    const told = (await call('GET', '/organizations/wf-org/notifications', 'wf-clerk')).json.items;
    expect(told.find((m: any) => m.kind === 'matterIssued')?.messageZh).toContain(issued.document.number);
    // 批复, printed from the record: the number, the title turned from 请示 to 批复, the approval in words, 抄送.
    const approval = await readDocx((await download(host, `/matters/${id}/document.docx`, 'wf-clerk')).bytes);
    expect(approval.paragraphs).toContain(issued.document.number);
    expect(approval.paragraphs).toContain('关于增加行政编制的批复');
    expect(approval.paragraphs.some((p) => p.includes('同意为你单位增加行政编制3名'))).toBe(true);
    expect(approval.paragraphs.some((p) => p.startsWith('抄送：'))).toBe(true);
    expect(approval.page).toMatchObject({ w: 11906, h: 16838 });

    // 抄送: the three keepers each hold a follow-up task; a receipt is recorded on the document.
    expect(issued.document.copies.map((c: any) => c.sectionId)).toEqual(['supervision-section', 'registration-bureau', 'egov-center']);
    const copy = await taskOf(id, 'demo-supervision', 'copyReceipt');
    await taskOf(id, 'demo-registration', 'copyReceipt');
    await taskOf(id, 'demo-egov', 'copyReceipt');
    const refusedReceipt = await decide(copy.taskId, 'demo-supervision', { decision: 'refuse' });
    expect(refusedReceipt.json.error.issues[0]).toMatchObject({ path: 'body.decision', rule: 'receiptOnly' });
    const receipt = await decide(copy.taskId, 'demo-supervision', { decision: 'approve', opinion: '已收到，纳入监管台账' });
    expect(receipt.status).toBe(200);
    expect(receipt.json.delivery).toBe('received');
    const copies = (await matterNow(id)).document.copies;
    expect(copies[0]).toMatchObject({ receivedBy: 'demo-supervision' });
    expect(copies[1].receivedAt).toBeUndefined();
    expect((await call('GET', '/tasks', 'demo-supervision')).json.items.some((t: any) => t.taskId === copy.taskId)).toBe(false);
    // Past their due date, the two unacknowledged copies are named by the daily sweep (and alarmed); the received one is not.
    const unreceived = await taskOf(id, 'demo-egov', 'copyReceipt');
    const sweep = (await host.scheduler.fire('deadline-sweep', new Date(Date.parse(unreceived.dueAt) + 60_000))) as any;
    expect(sweep.result.copyReceiptsOverdue.filter((c: any) => c.matterId === id).map((c: any) => c.sectionId)).toEqual(['registration-bureau', 'egov-center']);
    expect(sweep.result.copyReceiptsOverdue.some((c: any) => c.taskId === copy.taskId)).toBe(false);

    // 组织实施: a quota increase has one item, the implementation report; with it the loop closes.
    const ledger = await call('GET', `/matters/${id}/implementation`, 'wf-clerk');
    expect(ledger.json.items.map((i: any) => [i.item, i.status])).toEqual([['implementationReport', 'open']]);
    const closed = await call('POST', `/matters/${id}/implementation/implementationReport`, 'wf-clerk', { note: '3名编制已用于新设科室', evidence: ['att-9'] });
    expect(closed.status).toBe(200);
    expect(closed.json).toMatchObject({ status: 'closed', items: [{ status: 'done', report: { by: 'wf-clerk', evidence: ['att-9'] } }] });
    expect((await matterNow(id)).status).toBe('closed');
    const again = await call('POST', `/matters/${id}/implementation/implementationReport`, 'wf-clerk', { note: '再次报送', evidence: ['att-9'] });
    expect(again.json.error.code).toBe('ALREADY_REPORTED');
  });

  it('asks every co-section of a comprehensive matter in parallel, holds an important matter to expert review and risk assessment, and takes a return from deliberation to argumentation as a new round', async () => {
    const r = await submit({
      typeId: 'organizationSetUp',
      title: '关于设立市数据局的请示',
      materials: materials('request', 'partyGroupMinutes', 'plan', 'dutyList'),
      change: {
        name: '市数据局',
        description: '设立市数据局，为市政府工作部门',
        newOrgId: 'wf-data',
        kind: 'organ',
        fundingForm: 'fullFunding',
        quotaType: 'administrative',
        count: 8,
      },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    const id = r.json.matterId;
    await decide((await taskOf(id, 'demo-section', 'proposal')).taskId, 'demo-section', { decision: 'approve' });
    // Both co-sections hold their opinion task at once.
    const [inst, reg] = await Promise.all([taskOf(id, 'demo-institutions', 'coOpinion'), taskOf(id, 'demo-registration', 'coOpinion')]);
    expect([inst.sectionId, reg.sectionId]).toEqual(['institutions-section', 'registration-bureau']);
    const coReturn = await decide(inst.taskId, 'demo-institutions', { decision: 'return', opinion: '退回' });
    expect(coReturn.json.error.issues[0]).toMatchObject({ path: 'body.decision', rule: 'notAtThisStep' });
    await Promise.all([
      decide(inst.taskId, 'demo-institutions', { decision: 'approve', opinion: '同意，事业单位无需调整' }),
      decide(reg.taskId, 'demo-registration', { decision: 'approve', opinion: '同意，办理法人登记' }),
    ]);
    const assessment = await taskOf(id, 'demo-section', 'assessment');
    const noExperts = await decide(assessment.taskId, 'demo-section', { decision: 'approve', assessment: ASSESSMENT });
    expect(noExperts.json.error.issues.map((i: any) => `${i.path} ${i.rule}`)).toEqual([
      'body.expertReview requiredForImportant',
      'body.riskAssessment requiredForImportant',
    ]);
    await decide(assessment.taskId, 'demo-section', {
      decision: 'approve',
      assessment: ASSESSMENT,
      expertReview: '专家论证会一致同意',
      riskAssessment: '风险可控',
    });
    const inArgumentation = await eventually(async () => {
      const m = await matterNow(id);
      return m.opinions?.length === 2 ? m : undefined;
    }, 'the opinions on the matter');
    expect(inArgumentation.opinions.map((o: any) => o.sectionId)).toEqual(['institutions-section', 'registration-bureau']);

    const deliberation = await taskOf(id, 'demo-leader', 'deliberation');
    const noStage = await decide(deliberation.taskId, 'demo-leader', { decision: 'return', opinion: '补充论证', meeting: MEETING() });
    expect(noStage.json.error.issues.map((i: any) => `${i.path} ${i.rule}`)).toEqual(['body.returnTo required']);
    await decide(deliberation.taskId, 'demo-leader', { decision: 'return', opinion: '请补充人员编制测算', meeting: MEETING(), returnTo: 'argumentation' });

    // Round 2: the co-sections are asked again, on new tasks.
    const again = await eventually(async () => {
      const t = await taskOf(id, 'demo-institutions', 'coOpinion');
      return t.taskId !== inst.taskId ? t : undefined;
    }, 'a second-round opinion task');
    expect(again.taskId).toMatch(/r2c\d$/);
    expect((await matterNow(id)).round).toBe(2);
    await decide(again.taskId, 'demo-institutions', { decision: 'approve' });
    await decide((await taskOf(id, 'demo-registration', 'coOpinion')).taskId, 'demo-registration', { decision: 'approve' });
    await decide((await taskOf(id, 'demo-section', 'assessment')).taskId, 'demo-section', {
      decision: 'approve',
      assessment: ASSESSMENT,
      expertReview: '补充论证后同意',
      riskAssessment: '风险可控',
    });
    await decide((await taskOf(id, 'demo-leader', 'deliberation')).taskId, 'demo-leader', { decision: 'approve', meeting: MEETING() });
    const issued = await until(id, 'issued');
    // The new unit is set up under the submitting unit with its first quota, in the issue's transaction; it is coded when it registers.
    expect(issued.document).toMatchObject({ registryChange: 'setUpOrganization', applied: true });
    const made = (await call('GET', '/organizations/wf-data', 'demo-section')).json;
    expect(made).toMatchObject({ name: '市数据局', kind: 'organ', parentId: 'wf-org', legalPersonStatus: 'pending', status: 'active' });
    expect(made.uscc).toBeUndefined();
    expect(made.establishment.quota.administrative).toBe(8);
    expect(made.establishment.vacancy.administrative).toBe(8);
    const madeHistory = (await call('GET', '/organizations/wf-data/history', 'demo-section')).json.events;
    expect(madeHistory[0]).toMatchObject({ event: 'setUp', documentNumber: issued.document.number });
    // Registering it gives it its code: required once registered, refused once it has one.
    const register = (uscc?: string) =>
      call('POST', '/organizations/wf-data/events', 'demo-section', {
        event: 'legalPersonRegistration',
        legalPersonStatus: 'registered',
        ...(uscc ? { uscc } : {}),
        documentNumber: issued.document.number,
        effectiveDate: today(),
      });
    expect((await register()).json.error.issues[0]).toMatchObject({ path: 'body.uscc', rule: 'required' });
    const registered = await register(makeUscc('1', 958));
    expect(registered.status, JSON.stringify(registered.json)).toBe(200);
    expect((await call('GET', '/organizations/wf-data', 'demo-section')).json).toMatchObject({ uscc: makeUscc('1', 958), legalPersonStatus: 'registered' });
    expect((await register(makeUscc('1', 959))).json.error.issues[0]).toMatchObject({ path: 'body.uscc', rule: 'alreadyCoded' });
    // The id is taken now: a second set-up under it is refused at intake.
    const twice = await submit({
      typeId: 'organizationSetUp',
      title: '关于再设市数据局的请示',
      materials: materials('request', 'partyGroupMinutes', 'plan', 'dutyList'),
      change: { name: '市数据局', description: '设立市数据局，为市政府工作部门', newOrgId: 'wf-data', kind: 'organ', fundingForm: 'fullFunding' },
    });
    expect(twice.status).toBe(422);
    expect(twice.json.error.issues.map((i: any) => `${i.path} ${i.rule}`)).toEqual(['body.change.newOrgId taken']);
    expect(issued.implementation.items).toEqual([
      'dutyTransfer',
      'cadreAllocation',
      'personnelTransfer',
      'assetTransfer',
      'legalPersonRegistration',
      'implementationReport',
    ]);
    const early = await call('POST', `/matters/${id}/implementation/implementationReport`, 'wf-clerk', { note: '已全部落实', evidence: ['att-1'] });
    expect(early.status).toBe(422);
    expect(early.json.error.issues[0]).toMatchObject({ path: 'params.item', rule: 'reportLast' });
    const duty = await call('POST', `/matters/${id}/implementation/dutyTransfer`, 'wf-clerk', { note: '职责已划入', evidence: ['att-2'] });
    expect(duty.json.items.find((i: any) => i.item === 'dutyTransfer').status).toBe('done');
    expect(duty.json.status).toBe('issued');
    const history = await sfnClient(host).send(
      new GetExecutionHistoryCommand({
        executionArn: `${host.stateMachineArn('matter-approval').replace(':stateMachine:', ':execution:')}:${id}-r1`,
        maxResults: 1000,
      }),
    );
    const entered = (history.events ?? []).filter((e) => e.type === 'TaskStateEntered').map((e) => e.stateEnteredEventDetails?.name);
    expect(entered.filter((s) => s === 'LeadAssessment')).toHaveLength(2);
  });

  it('renames the unit on issue, under the document’s number, in the same transaction', async () => {
    const r = await submit({
      typeId: 'organizationRenaming',
      title: '关于更名的请示',
      materials: materials('request', 'partyGroupMinutes'),
      change: { name: '流程测试管理局' },
    });
    const id = r.json.matterId;
    await approveThrough(id);
    const issued = await until(id, 'issued');
    expect(issued.document).toMatchObject({ registryChange: 'renameOrganization', applied: true });
    expect((await call('GET', '/organizations/wf-org', 'demo-section')).json.name).toBe('流程测试管理局');
    const history = (await call('GET', '/organizations/wf-org/history', 'demo-section')).json.events;
    expect(history.find((h: any) => h.event === 'rename')?.documentNumber).toBe(issued.document.number);
    expect(issued.implementation.items).toEqual(['legalPersonRegistration', 'implementationReport']);
  });

  it('sets the unit’s functions, internal units and an institution’s category on issue, each as an event of its history under the number', async () => {
    // A category is only for a public institution: the organ's request is refused at intake, naming the field.
    const organ = await submit({
      typeId: 'institutionCategoryChange',
      title: '关于调整类别的请示',
      materials: materials('request', 'partyGroupMinutes', 'categoryEvidence'),
      change: { description: '承担公益服务', institutionCategory: 'publicWelfareOne' },
    });
    expect(organ.status).toBe(422);
    expect(organ.json.error.issues).toContainEqual(expect.objectContaining({ path: 'body.change.institutionCategory', rule: 'notAnInstitution' }));

    const functions = '（一）负责流程测试工作。\n（二）承担市委、市政府交办的其他任务。';
    const duties = await submit({
      typeId: 'functionAdjustment',
      title: '关于调整主要职责的请示',
      materials: materials('request', 'partyGroupMinutes', 'dutyList'),
      change: { description: '承接划入的测试职责', functions },
    });
    expect(duties.status, JSON.stringify(duties.json)).toBe(201);
    await approveThrough(duties.json.matterId);
    const dutiesIssued = await until(duties.json.matterId, 'issued');
    expect(dutiesIssued.document).toMatchObject({ registryChange: 'adjustFunctions', applied: true });

    const units = await submit({
      typeId: 'internalUnitsChange',
      title: '关于调整内设机构的请示',
      materials: materials('request', 'partyGroupMinutes', 'dutyList'),
      change: { description: '增设一个科室', internalUnits: ['办公室', '流程管理科', '测试科'] },
    });
    expect(units.status, JSON.stringify(units.json)).toBe(201);
    // A second request written against the same (empty) list, approved after the first was issued, is not laid over it unseen.
    const rival = await submit({
      typeId: 'internalUnitsChange',
      title: '关于调整内设机构的请示（另案）',
      materials: materials('request', 'partyGroupMinutes', 'dutyList'),
      change: { description: '另设科室', internalUnits: ['办公室', '综合科'] },
    });
    expect(rival.status, JSON.stringify(rival.json)).toBe(201);
    await approveThrough(units.json.matterId);
    const unitsIssued = await until(units.json.matterId, 'issued');
    await approveThrough(rival.json.matterId);
    const rivalBack = await until(rival.json.matterId, 'returned');
    expect(rivalBack.outcome).toMatchObject({ code: 'changeNoLongerFits' });
    expect(rivalBack.outcome.messageZh).toContain('内设机构已有变更');
    expect(rivalBack.document).toBeUndefined();
    expect(unitsIssued.document).toMatchObject({ registryChange: 'changeInternalUnits', applied: true });

    const org = (await call('GET', '/organizations/wf-org', 'demo-section')).json;
    expect(org).toMatchObject({ functions, internalUnits: ['办公室', '流程管理科', '测试科'] });
    const history = (await call('GET', '/organizations/wf-org/history', 'demo-section')).json.events;
    expect(history.find((h: any) => h.event === 'adjustFunctions')?.documentNumber).toBe(dutiesIssued.document.number);
    expect(history.find((h: any) => h.event === 'changeInternalUnits')?.documentNumber).toBe(unitsIssued.document.number);
    // Asking for the internal units the unit has now is refused rather than approved as a change of nothing.
    const same = await submit({
      typeId: 'internalUnitsChange',
      title: '关于调整内设机构的请示',
      materials: materials('request', 'partyGroupMinutes', 'dutyList'),
      change: { description: '维持现状', internalUnits: ['办公室', '流程管理科', '测试科'] },
    });
    expect(same.status).toBe(422);
    expect(same.json.error.issues).toContainEqual(expect.objectContaining({ path: 'body.change.internalUnits', rule: 'unchanged' }));
    // The 批复 states what was approved, and the unit's 机构编制卡 shows it.
    const approval = await docText(`/matters/${units.json.matterId}/document.docx`, 'demo-section');
    expect(approval).toContain('调整后，你单位设3个内设机构：办公室、流程管理科、测试科。');
    const card = await docText('/organizations/wf-org/establishment-card.docx', 'demo-section');
    expect(card).toContain('负责流程测试工作');
    expect(card).toContain('3个：办公室、流程管理科、测试科');

    // A public institution's category, on the institutions section's desk; important, so reviewed and assessed.
    const made = await call('POST', '/organizations', 'demo-section', {
      orgId: 'wf-inst',
      name: '流程测试中心',
      kind: 'publicInstitution',
      fundingForm: 'differentialFunding',
      uscc: makeUscc('2', 956),
      legalPersonStatus: 'registered',
      documentNumber: DOC,
      effectiveDate: '2026-01-01',
    });
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    expect(
      (await call('POST', '/users', 'demo-admin', { userId: 'wf-inst-clerk', displayName: '流程测试中心', role: 'department', organizationId: 'wf-inst' }))
        .status,
    ).toBe(201);
    const category = await submit(
      {
        orgId: 'wf-inst',
        typeId: 'institutionCategoryChange',
        title: '关于调整事业单位类别的请示',
        materials: materials('request', 'partyGroupMinutes', 'categoryEvidence'),
        change: { description: '主要承担公益服务，不宜由市场配置', institutionCategory: 'publicWelfareOne' },
      },
      'wf-inst-clerk',
    );
    expect(category.status, JSON.stringify(category.json)).toBe(201);
    const id = category.json.matterId;
    await decide((await taskOf(id, 'demo-institutions', 'proposal')).taskId, 'demo-institutions', { decision: 'approve' });
    await decide((await taskOf(id, 'demo-institutions', 'assessment')).taskId, 'demo-institutions', {
      decision: 'approve',
      assessment: ASSESSMENT,
      expertReview: '专家论证同意',
      riskAssessment: '经费风险可控',
    });
    await decide((await taskOf(id, 'demo-leader', 'deliberation')).taskId, 'demo-leader', { decision: 'approve', meeting: MEETING() });
    const categoryIssued = await until(id, 'issued');
    expect(categoryIssued.document).toMatchObject({ registryChange: 'changeInstitutionCategory', applied: true });
    expect((await call('GET', '/organizations/wf-inst', 'demo-section')).json.institutionCategory).toBe('publicWelfareOne');
    const text = await docText(`/matters/${id}/document.docx`, 'demo-section');
    expect(text).toContain('同意将流程测试中心类别调整为公益一类。');
  });

  it('abolishes an emptied unit on issue under the document’s number; one still holding people is approved and left for the registry once it is emptied', async () => {
    const onRoll = await call('POST', '/organizations/wf-held/people', 'demo-egov', {
      nationalId: makeNationalId('1988-03-02', 71),
      name: '李明',
      quotaType: 'administrative',
      onRollSince: '2026-03-01',
    });
    expect(onRoll.status, JSON.stringify(onRoll.json)).toBe(201);
    const abolishThrough = async (orgId: string, user: string) => {
      const r = await submit(
        {
          orgId,
          typeId: 'organizationAbolition',
          title: '关于撤销本单位的请示',
          materials: materials('request', 'partyGroupMinutes', 'personnelPlacement'),
          change: { description: '撤销该局，职责划入流程测试局' },
        },
        user,
      );
      expect(r.status, JSON.stringify(r.json)).toBe(201);
      const id = r.json.matterId;
      await decide((await taskOf(id, 'demo-section', 'proposal')).taskId, 'demo-section', { decision: 'approve' });
      await decide((await taskOf(id, 'demo-registration', 'coOpinion')).taskId, 'demo-registration', { decision: 'approve' });
      await decide((await taskOf(id, 'demo-section', 'assessment')).taskId, 'demo-section', {
        decision: 'approve',
        assessment: ASSESSMENT,
        expertReview: '专家论证同意撤销',
        riskAssessment: '人员安置风险可控',
      });
      await decide((await taskOf(id, 'demo-leader', 'deliberation')).taskId, 'demo-leader', { decision: 'approve', meeting: MEETING() });
      return until(id, 'issued');
    };
    const [gone, held] = [await abolishThrough('wf-gone', 'wf-gone-clerk'), await abolishThrough('wf-held', 'wf-held-clerk')];
    expect(gone.document).toMatchObject({ registryChange: 'abolishOrganization', applied: true });
    expect((await call('GET', '/organizations/wf-gone', 'demo-section')).json.status).toBe('abolished');
    const goneHistory = (await call('GET', '/organizations/wf-gone/history', 'demo-section')).json.events;
    expect(goneHistory.find((h: any) => h.event === 'abolish')?.documentNumber).toBe(gone.document.number);

    expect(held.document).toMatchObject({ registryChange: 'abolishOrganization', applied: false });
    expect(held.document.notApplied.messageZh).toContain('在编 1 人');
    expect((await call('GET', '/organizations/wf-held', 'demo-section')).json.status).toBe('active');
  });

  it('sets the leadership posts of one track of a grade on issue, leaving the other track as it was', async () => {
    await call('PUT', '/organizations/wf-org/post-quotas/sectionChief', 'demo-section', {
      leader: 1,
      nonLeader: 2,
      documentNumber: DOC,
      effectiveDate: '2026-01-01',
    });
    const r = await submit({
      typeId: 'postQuotaChange',
      title: '关于核定正科级领导职数的请示',
      materials: materials('request', 'partyGroupMinutes'),
      change: { grade: 'sectionChief', track: 'leader', count: 3 },
    });
    await approveThrough(r.json.matterId);
    const issued = await until(r.json.matterId, 'issued');
    expect(issued.document).toMatchObject({ registryChange: 'changePostQuota', applied: true });
    const org = (await call('GET', '/organizations/wf-org', 'demo-section')).json;
    expect(org.establishment.posts.quota.sectionChief).toEqual({ leader: 3, nonLeader: 2 });
  });

  it('issues only the cut that still fits when two approved cuts would take the quota below zero; the other comes back with why', async () => {
    const cut = (title: string) =>
      submit(
        {
          orgId: 'wf-cut',
          typeId: 'quotaReduction',
          title,
          materials: materials('request', 'partyGroupMinutes'),
          change: { quotaType: 'administrative', count: 6 },
        },
        'wf-cut-clerk',
      );
    const ids = [(await cut('核减请示甲')).json.matterId, (await cut('核减请示乙')).json.matterId];
    const deliberations = [];
    for (const id of ids) {
      await decide((await taskOf(id, 'demo-section', 'proposal')).taskId, 'demo-section', { decision: 'approve' });
      const assessment = await taskOf(id, 'demo-section', 'assessment');
      // Not before the matter was submitted: a meeting must have sat on it.
      const early = await decide(assessment.taskId, 'demo-section', { decision: 'approve', assessment: ASSESSMENT });
      expect(early.status).toBe(200);
      deliberations.push(await taskOf(id, 'demo-leader', 'deliberation'));
    }
    const backdated = await decide(deliberations[0].taskId, 'demo-leader', { decision: 'approve', meeting: { date: '2020-01-01', ref: '旧会议' } });
    expect(backdated.json.error.issues[0]).toMatchObject({ path: 'body.meeting.date', rule: 'beforeSubmission' });
    await Promise.all(deliberations.map((t) => decide(t.taskId, 'demo-leader', { decision: 'approve', meeting: MEETING() })));
    const ends = await Promise.all(
      ids.map((id) =>
        eventually(async () => {
          const m = await matterNow(id);
          return m.status === 'issued' || m.status === 'returned' ? m : undefined;
        }, `matter ${id} to be issued or returned`),
      ),
    );
    expect(ends.map((m) => m.status).sort()).toEqual(['issued', 'returned']);
    expect(ends.find((m) => m.status === 'returned').outcome).toMatchObject({ code: 'changeNoLongerFits' });
    expect(ends.find((m) => m.status === 'returned').document).toBeUndefined();
    expect((await call('GET', '/organizations/wf-cut', 'demo-section')).json.establishment.quota.administrative).toBe(4);
    const notIssued = ends.find((m) => m.status === 'returned').matterId;
    const report = await call('POST', `/matters/${notIssued}/implementation/implementationReport`, 'wf-cut-clerk', { note: '已落实到位', evidence: ['att-1'] });
    expect(report.json.error.code).toBe('NOT_ISSUED');
  });

  it('returns a matter to the department at the proposal stage with the lead section’s reason', async () => {
    const r = await submit({ title: '材料不全的请示' });
    const proposal = await taskOf(r.json.matterId, 'demo-section', 'proposal');
    await decide(proposal.taskId, 'demo-section', { decision: 'return', opinion: '请补充工作量测算依据' });
    const returned = await until(r.json.matterId, 'returned');
    expect(returned.outcome.messageZh).toBe('退回补正：请补充工作量测算依据');

    // 补正: resubmitted as a new revision, it goes through pre-review and the proposal again, on new tasks.
    const missing = await call('POST', `/matters/${r.json.matterId}/resubmit`, 'wf-clerk', { correction: '补充了测算依据', materials: materials('request') });
    expect(missing.status).toBe(422);
    expect(missing.json.error.issues[0]).toMatchObject({ path: 'body.materials', rule: 'missingMaterial' });
    const again = await call('POST', `/matters/${r.json.matterId}/resubmit`, 'wf-clerk', { correction: '补充了测算依据' });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ revision: 2, round: 2, status: 'submitted', executionName: `${r.json.matterId}-r2`, correction: '补充了测算依据' });
    expect(again.json.proposalReview).toBeUndefined();
    const second = await eventually(async () => {
      const t = await taskOf(r.json.matterId, 'demo-section', 'proposal');
      return t.taskId !== proposal.taskId ? t : undefined;
    }, 'the second proposal task');
    expect(second.taskId).toMatch(/r2p0$/);
    const twice = await call('POST', `/matters/${r.json.matterId}/resubmit`, 'wf-clerk', { correction: '再次提交' });
    expect(twice.json.error.code).toBe('NOT_RETURNED');
  });

  it('escalates a step to the lead section’s head when the embedded clock passes its due date in working days', async () => {
    const r = await submit({ title: '逾期测试的请示' });
    const proposal = await taskOf(r.json.matterId, 'demo-section', 'proposal');
    // Claimed, then let pass: the claim goes with the step, so it does not lock out the head.
    expect((await call('POST', `/tasks/${proposal.taskId}/claim`, 'demo-section')).status).toBe(200);
    const due = (await matterNow(r.json.matterId)).due.proposal;
    expect(Date.parse(proposal.dueAt)).toBeGreaterThan(Date.parse(`${due.dueDate}T15:59:59Z`));
    // Past the end of the due date (Asia/Shanghai): the step times out and the section's head holds it.
    const past = Date.parse(proposal.dueAt) - host.clock.now().getTime() + 60_000;
    await host.clock.advance(past);
    const escalated = await taskOf(r.json.matterId, 'demo-section-head', 'proposal');
    expect(escalated).toMatchObject({ sectionId: 'organs-section#head', timeouts: [{ holder: 'organs-section', step: 'proposal' }] });
    expect(escalated.claimedBy).toBeUndefined();
    // The head's time is working days too, to the end of a day in Asia/Shanghai.
    expect(escalated.dueAt).toMatch(/T16:00:00\.000Z$/);
    expect(Date.parse(escalated.dueAt)).toBeGreaterThan(Date.parse(proposal.dueAt) + 2 * 86_400_000);
    const late = await decide(proposal.taskId, 'demo-section', { decision: 'approve' });
    expect(late.json.error.code).toBe('STEP_TIMED_OUT');
    expect(late.json.error.messageZh).toContain('现由机关编制科负责人办理');
    expect((await decide(escalated.taskId, 'demo-section-head', { decision: 'approve' })).status).toBe(200);
    await taskOf(r.json.matterId, 'demo-section', 'assessment');
  });

  it('takes a step the section’s head let pass too up to the leadership, who decide it; the matter is not sent back unanswered', async () => {
    const r = await submit({ title: '再次逾期测试的请示' });
    const proposal = await taskOf(r.json.matterId, 'demo-section', 'proposal');
    await host.clock.advance(Date.parse(proposal.dueAt) - host.clock.now().getTime() + 60_000);
    const atHead = await taskOf(r.json.matterId, 'demo-section-head', 'proposal');
    await host.clock.advance(Date.parse(atHead.dueAt) - host.clock.now().getTime() + 60_000);
    const atLeadership = await eventually(async () => {
      const t = (await call('GET', '/tasks', 'demo-leader')).json.items.find((x: any) => x.matterId === r.json.matterId && x.step === 'proposal');
      return t?.sectionId === 'leadership' ? t : undefined;
    }, 'the proposal with the leadership');
    expect(atLeadership.timeouts.map((t: any) => t.holder)).toEqual(['organs-section', 'organs-section#head']);
    expect(Date.parse(atLeadership.dueAt)).toBeGreaterThan(Date.parse(atHead.dueAt) + 2 * 86_400_000);
    expect((await decide(atHead.taskId, 'demo-section-head', { decision: 'approve' })).json.error.code).toBe('STEP_TIMED_OUT');
    expect((await matterNow(r.json.matterId)).status).toBe('proposal');
    expect((await decide(atLeadership.taskId, 'demo-leader', { decision: 'approve' })).status).toBe(200);
    await taskOf(r.json.matterId, 'demo-section', 'assessment');
  });
});

describe('withdrawal', () => {
  it('stops a matter the department withdraws while its step waits: the task leaves the inbox, the execution ends as Withdrawn', async () => {
    const r = await submit({ title: '撤回测试的请示' });
    const id = r.json.matterId;
    const proposal = await taskOf(id, 'demo-section', 'proposal');
    const withdrawn = await call('POST', `/matters/${id}/withdraw`, 'wf-clerk');
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json.status).toBe('withdrawn');
    expect((await call('GET', '/tasks', 'demo-section')).json.items.some((t: any) => t.taskId === proposal.taskId)).toBe(false);
    const late = await decide(proposal.taskId, 'demo-section', { decision: 'approve' });
    expect(late.status).toBe(409);
    const executionArn = `${host.stateMachineArn('matter-approval').replace(':stateMachine:', ':execution:')}:${id}-r1`;
    const ended = await eventually(async () => {
      const h = await sfnClient(host).send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
      return (h.events ?? []).find((e) => e.type === 'ExecutionSucceeded') ? h : undefined;
    }, 'the execution to end');
    expect((ended.events ?? []).some((e) => e.type === 'SucceedStateEntered' && e.stateEnteredEventDetails?.name === 'Withdrawn')).toBe(true);
    expect((await call('POST', `/matters/${id}/withdraw`, 'wf-clerk')).json.error.code).toBe('NOT_PENDING');
  });
});

describe('the inbox', () => {
  it('lets one person of the section claim a task, hand it on within the section, and decide it with attachments', async () => {
    const r = await submit({ title: '认领测试的请示' });
    const task = await taskOf(r.json.matterId, 'demo-section', 'proposal');
    const claimed = await call('POST', `/tasks/${task.taskId}/claim`, 'demo-section');
    expect(claimed.json.claimedBy).toBe('demo-section');
    // Claimed: the section's head cannot claim it or decide it over the claimer, but may hand it on.
    expect((await call('POST', `/tasks/${task.taskId}/claim`, 'demo-section-head')).json.error.code).toBe('CLAIMED');
    expect((await decide(task.taskId, 'demo-section-head', { decision: 'approve' })).json.error.code).toBe('CLAIMED');
    const elsewhere = await call('POST', `/tasks/${task.taskId}/reassign`, 'demo-section', { userId: 'demo-institutions', reason: '转办' });
    expect(elsewhere.json.error.issues[0]).toMatchObject({ path: 'body.userId', rule: 'sameSection' });
    expect((await call('POST', `/tasks/${task.taskId}/claim`, 'demo-institutions')).status).toBe(404);
    const handed = await call('POST', `/tasks/${task.taskId}/reassign`, 'demo-section', { userId: 'demo-section-head', reason: '承办人出差' });
    expect(handed.json.claimedBy).toBe('demo-section-head');
    const decided = await decide(task.taskId, 'demo-section-head', { decision: 'approve', attachments: ['att-opinion-1'] });
    expect(decided.status).toBe(200);
    expect(decided.json).toMatchObject({ decidedBy: 'demo-section-head', details: { attachments: ['att-opinion-1'] } });
  });

  it('takes a major task with its task force through the leading section', async () => {
    const r = await submit(
      {
        typeId: 'institutionalReform',
        title: '市级机构改革实施方案',
        materials: materials('plan', 'partyGroupMinutes'),
        change: { description: '深化市级机构改革' },
        taskForce: ['demo-section', 'demo-institutions'],
      },
      'demo-leader',
    );
    expect(r.status).toBe(201);
    const id = r.json.matterId;
    const proposal = await taskOf(id, 'demo-section', 'proposal');
    expect(proposal.sectionId).toBe('organs-section');
    const matter = await matterNow(id);
    expect(matter.routing.taskForce.map((m: any) => m.userId)).toEqual(['demo-section', 'demo-institutions']);
    // Each member takes their own section's steps: opened as theirs, in their "mine" list, not open for the rest of the section to claim.
    expect(proposal.claimedBy).toBe('demo-section');
    const claimedByOther = await call('POST', `/tasks/${proposal.taskId}/claim`, 'demo-section-head');
    expect(claimedByOther.json.error.code).toBe('CLAIMED');
    await decide(proposal.taskId, 'demo-section', { decision: 'approve' });
    expect(matter.routing.coSections).toContain('institutions-section');
    const opinion = await taskOf(id, 'demo-institutions', 'coOpinion');
    expect(opinion.claimedBy).toBe('demo-institutions');
    const mine = (await call('GET', '/tasks?claimed=mine', 'demo-institutions')).json.items;
    expect(mine.map((t: any) => t.taskId)).toContain(opinion.taskId);
  });
});

// Last: these move the embedded clock on by weeks, past the implementation deadlines of the matters above.
describe('an overdue co-section opinion', () => {
  it('goes to the lead section’s head and then to the leadership, whose opinion counts; it is not recorded as not given while someone can still give it', async () => {
    const r = await submit(
      {
        orgId: 'wf-late',
        typeId: 'organizationSetUp',
        title: '关于设立市会签测试中心的请示',
        materials: materials('request', 'partyGroupMinutes', 'plan', 'dutyList'),
        change: { name: '市会签测试中心', description: '设立会签测试中心', newOrgId: 'wf-late-op', kind: 'organ', fundingForm: 'fullFunding' },
      },
      'wf-late-clerk',
    );
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    const id = r.json.matterId;
    await decide((await taskOf(id, 'demo-section', 'proposal')).taskId, 'demo-section', { decision: 'approve' });
    const [inst, reg] = await Promise.all([taskOf(id, 'demo-institutions', 'coOpinion'), taskOf(id, 'demo-registration', 'coOpinion')]);
    await decide(inst.taskId, 'demo-institutions', { decision: 'approve', opinion: '同意' });
    // The bureau lets it pass, then the lead section's head does too.
    await host.clock.advance(Date.parse(reg.dueAt) - host.clock.now().getTime() + 60_000);
    const atHead = await taskOf(id, 'demo-section-head', 'coOpinion');
    expect(atHead.timeouts.map((t: any) => t.holder)).toEqual(['registration-bureau']);
    await host.clock.advance(Date.parse(atHead.dueAt) - host.clock.now().getTime() + 60_000);
    const atLeadership = await eventually(async () => {
      const t = (await call('GET', '/tasks', 'demo-leader')).json.items.find((x: any) => x.matterId === id && x.step === 'coOpinion');
      return t?.sectionId === 'leadership' ? t : undefined;
    }, 'the opinion with the leadership');
    expect(atLeadership.timeouts.map((t: any) => t.holder)).toEqual(['registration-bureau', 'organs-section#head']);
    expect((await matterNow(id)).status).toBe('argumentation');
    expect((await decide(atLeadership.taskId, 'demo-leader', { decision: 'approve', opinion: '同意，登记事项由登记局后续办理' })).status).toBe(200);
    const assessment = await taskOf(id, 'demo-section', 'assessment');
    await decide(assessment.taskId, 'demo-section', { decision: 'approve', assessment: ASSESSMENT, expertReview: '同意', riskAssessment: '可控' });
    await until(id, 'deliberation');
    // Both opinions are on the record as given; the leadership's in the bureau's place.
    expect((await matterNow(id)).opinions.map((o: any) => [o.sectionId, o.decision])).toEqual([
      ['institutions-section', 'approve'],
      ['registration-bureau', 'approve'],
    ]);
  });
});

describe('an overdue deliberation', () => {
  it('goes to the lead section’s head, who brings it to a meeting and records the decision, instead of back to the unit', async () => {
    const r = await submit({ orgId: 'wf-late', title: '审议逾期测试的请示' }, 'wf-late-clerk');
    const id = r.json.matterId;
    await decide((await taskOf(id, 'demo-section', 'proposal')).taskId, 'demo-section', { decision: 'approve' });
    await decide((await taskOf(id, 'demo-section', 'assessment')).taskId, 'demo-section', { decision: 'approve', assessment: ASSESSMENT });
    const deliberation = await taskOf(id, 'demo-leader', 'deliberation');
    await host.clock.advance(Date.parse(deliberation.dueAt) - host.clock.now().getTime() + 60_000);
    const atHead = await taskOf(id, 'demo-section-head', 'deliberation');
    expect(atHead).toMatchObject({ sectionId: 'organs-section#head', timeouts: [{ holder: 'leadership', step: 'deliberation' }] });
    expect(Date.parse(atHead.dueAt)).toBeGreaterThan(Date.parse(deliberation.dueAt) + 2 * 86_400_000);
    expect((await matterNow(id)).status).toBe('deliberation');
    const late = await decide(deliberation.taskId, 'demo-leader', { decision: 'approve', meeting: MEETING() });
    expect(late.json.error.code).toBe('STEP_TIMED_OUT');
    // A collective decision still: the head records it with the meeting that took it.
    const noMeeting = await decide(atHead.taskId, 'demo-section-head', { decision: 'approve' });
    expect(noMeeting.json.error.issues[0]).toMatchObject({ path: 'body.meeting', rule: 'required' });
    expect((await decide(atHead.taskId, 'demo-section-head', { decision: 'approve', meeting: MEETING() })).status).toBe(200);
    const issued = await until(id, 'issued');
    expect(issued.deliberation).toMatchObject({ decision: 'approve', by: 'demo-section-head' });
  });
});
