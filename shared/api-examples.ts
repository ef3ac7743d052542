/**
 * One worked example per route, for the API reference: the path and query values, the body a
 * client sends and the reply it gets. They follow the README walkthrough on the demo city
 * (demo-department acts for d001, 市教育局), so what a newcomer reads is what they will see.
 * test/unit/openapi.test.ts checks each one with the route's own schemas.
 */

import { BUILT_IN_CALENDARS, missingYearsDetail } from './domain/calendar/holiday-calendar.ts';
import { establishmentCard, intakeApproval, reductionNotice } from './domain/forms.ts';
import { DEFAULT_MATTER_CATALOG } from './domain/matters/catalog.ts';
import { checkIntake } from './domain/matters/intake.ts';
import { type Counts, zeroCounts, zeroPostCounts } from './domain/registry/establishment.ts';
import { QUOTA_TYPES } from './domain/registry/rules.ts';
import { establishmentStatistics, unitEstablishment } from './domain/statistics/establishment.ts';
import { matterStatistics } from './domain/statistics/matters.ts';

export interface RouteExample {
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  request?: unknown;
  response: unknown;
  /** The reply's media type, where the route answers with more than one. */
  contentType?: string;
}

const AT = '2026-11-30T02:15:08.412Z';
const PLAN_ID = 'plan-3f9c2a7d41b8e605';
const TASK_ID = 'task-3f9c2a7d41b8e605r1i0';
const NEW_PERSON = 'p-8e1f0c5a9b2d47e6a13c5f90';
const CLERK = 'p-2b7d9e4f1a6c083b5d2e7f14';
const NOTICE = '咸编用〔2026〕1号';

const counts = (administrative: number, logistics = 0): Counts => ({ ...zeroCounts(), administrative, logistics });
const posts = (sectionChief: { leader: number; nonLeader: number }) => ({ ...zeroPostCounts(), sectionChief });

/** d001 as the demo city has it: 30 行政编制, 24 on the roll, and the walkthrough's 2 reserved. */
const establishment = (quota: Counts, onRoll: Counts, reserved: Counts = zeroCounts()) => ({
  quota,
  onRoll,
  reserved,
  vacancy: Object.fromEntries(QUOTA_TYPES.map((t) => [t, quota[t] - onRoll[t] - reserved[t]])),
  overQuota: [],
  posts: { quota: posts({ leader: 6, nonLeader: 4 }), used: posts({ leader: 5, nonLeader: 3 }), vacancy: posts({ leader: 1, nonLeader: 1 }) },
  overPostQuota: [],
});

const d001 = {
  orgId: 'd001',
  name: '市教育局',
  kind: 'organ',
  departmentId: 'd001',
  path: '/d001',
  fundingForm: 'fullFunding',
  civilServiceManaged: false,
  uscc: '114212000000100060',
  legalPersonStatus: 'notRequired',
  principalHead: { name: '王建国', since: '2026-11-19' },
  status: 'active',
  version: 1,
  establishment: establishment(counts(30, 3), counts(24, 2), counts(2)),
};

const examInstitute = {
  orgId: 'd001-i08',
  name: '咸宁市教育考试院',
  kind: 'publicInstitution',
  parentId: 'd001',
  departmentId: 'd001',
  path: '/d001/d001-i08',
  fundingForm: 'fullFunding',
  civilServiceManaged: false,
  uscc: '124212000000150188',
  legalPersonStatus: 'registered',
  principalHead: { name: '周敏', since: '2026-09-01' },
  status: 'active',
  version: 1,
  establishment: establishment(zeroCounts(), zeroCounts()),
};

const clerk = {
  personId: CLERK,
  orgId: 'd001',
  nationalId: '421202198407210579',
  name: '刘洋',
  gender: 'male',
  birthDate: '1984-07-21',
  quotaType: 'administrative',
  post: '科长',
  onRollSince: '2008-09-01',
  retirementDate: '2047-03-21',
  status: 'onRoll',
};
/** How the office and external bodies see the same person: national ID masked, no birth date. */
const clerkMasked = { ...clerk, nationalId: '421202********0579', birthDate: undefined, retirementDate: undefined };

const newcomer = {
  personId: NEW_PERSON,
  orgId: 'd001',
  nationalId: '110105199605141273',
  name: '张伟',
  gender: 'male',
  birthDate: '1996-05-14',
  quotaType: 'administrative',
  post: '科员',
  onRollSince: '2026-11-30',
  retirementDate: '2059-05-14',
  status: 'onRoll',
};
/** What both of the newcomer's forms print. */
const newcomerForm = { orgName: '市教育局', quotaType: 'administrative', name: '张伟', onRollSince: '2026-11-30' } as const;

const user = (userId: string, displayName: string, role: string, more: Record<string, unknown> = {}) => ({
  userId,
  displayName,
  role,
  ...more,
  enabled: true,
  createdAt: '2026-11-01T08:00:00.000Z',
  updatedAt: '2026-11-01T08:00:00.000Z',
  version: 1,
});

const planInput = { orgId: 'd001', quotaType: 'administrative', count: 2, channel: 'publicRecruitment', reason: '2026年公开招聘中小学教研员' };
const submitted = {
  planId: PLAN_ID,
  revision: 1,
  orgId: 'd001',
  departmentId: 'd001',
  quotaType: 'administrative',
  count: 2,
  channel: 'publicRecruitment',
  reason: planInput.reason,
  status: 'preReview',
  sections: ['organs-section'],
  submittedBy: 'demo-department',
  submittedAt: AT,
  executionName: `${PLAN_ID}-r1`,
};
const preReview = ['supervision', 'registration', 'roster'].map((check) => ({ check, ok: true, reasons: [] }));
const approved = {
  ...submitted,
  status: 'approved',
  preReview,
  decisions: [{ sectionId: 'organs-section', decision: 'approve', opinion: '同意使用行政编制2名', by: 'demo-section', at: '2026-11-30T03:02:41.005Z' }],
  notice: { number: NOTICE, validUntil: '2027-02-28', reserved: 2, used: 0 },
};
const task = {
  taskId: TASK_ID,
  planId: PLAN_ID,
  sectionId: 'organs-section',
  assignedTo: 'organs-section',
  step: 'sectionApproval',
  status: 'pending',
  openedAt: '2026-11-30T02:15:09.120Z',
  dueAt: '2026-12-07T02:15:09.120Z',
};
const TRANSFER_ID = 'tr-6d0b3e9a2c71f458';
const RECEIVING_PLAN = 'plan-9a41c6e2d07b5f13';
const transfer = {
  transferId: TRANSFER_ID,
  personId: CLERK,
  fromOrgId: 'd001',
  toOrgId: 'd002',
  planId: RECEIVING_PLAN,
  date: '2026-11-30',
  documentNumber: '咸财人〔2026〕15号',
  status: 'requested',
  requestedBy: 'demo-egov',
  requestedAt: '2026-11-30T03:02:11.540Z',
};

const DOC = '咸编发〔2026〕30号';

const MATTER_ID = 'matter-5c1e8a0b7d294f36';
/** The walkthrough's matter: 市教育局 asks for 3 more 行政编制, a simple matter of the organs section. */
const matterInput = {
  orgId: 'd001',
  typeId: 'quotaIncrease',
  title: '关于增加市教育局行政编制的请示',
  situation: 'dutiesChanged',
  partyGroupDecision: { date: '2026-11-20', minutesRef: '教党组〔2026〕12次会议纪要' },
  priorCommunication: { date: '2026-11-24', note: '已与机关编制科沟通职责变化及工作量测算口径' },
  materials: [
    { code: 'request', ref: 'att-20261125-01' },
    { code: 'partyGroupMinutes', ref: 'att-20261125-02' },
    { code: 'workloadEvidence', ref: 'att-20261125-03' },
  ],
  change: { quotaType: 'administrative' as const, count: 3 },
};
const matter = (() => {
  const intake = checkIntake(DEFAULT_MATTER_CATALOG, matterInput, {
    unit: { kind: 'organ', civilServiceManaged: false, name: '市教育局', approved: counts(30, 3) },
    today: '2026-11-30',
    byOffice: false,
  });
  if (!intake.ok) throw new Error(`the example matter breaks a rule: ${JSON.stringify(intake.issues)}`);
  const { type, situation, materials, routing } = intake.value;
  return {
    matterId: MATTER_ID,
    revision: 1,
    orgId: 'd001',
    departmentId: 'd001',
    typeId: type.typeId,
    typeNameZh: type.nameZh,
    class: type.class,
    important: type.important,
    registryChange: type.registryChange,
    title: matterInput.title,
    situation,
    partyGroupDecision: matterInput.partyGroupDecision,
    priorCommunication: matterInput.priorCommunication,
    materials,
    change: matterInput.change,
    routing,
    status: 'submitted',
    round: 1,
    stageDue: type.stageDue,
    executionName: `${MATTER_ID}-r1`,
    catalogVersion: 0,
    submittedBy: 'demo-department',
    submittedAt: AT,
  };
})();

/** The one ledger item of a quota increase: its implementation report, due 30 calendar days after issue. */
const ledgerItem = { matterId: MATTER_ID, orgId: 'd001', item: 'implementationReport', itemZh: '落实情况报告', dueDate: '2026-12-30', status: 'open' };

/** The walkthrough's matter a day on: the organs section accepted it, and its argumentation waits for the lead's assessment. */
const EXECUTION = `${MATTER_ID}-r1`;
const wf = (at: string, event: string, what: string, whatZh: string, state?: string) => ({
  at,
  source: 'workflow',
  what,
  whatZh,
  execution: EXECUTION,
  ...(state ? { state } : {}),
  event,
});
const audited = (at: string, who: string, role: string, action: string, what: string, whatZh: string) => ({
  at,
  source: 'audit',
  what,
  whatZh,
  who,
  role,
  action,
});
const matterTimeline = {
  matterId: MATTER_ID,
  items: [
    audited(AT, 'demo-department', 'department', 'submit', 'Submitted', '提交申报'),
    wf('2026-11-30T02:15:08.530Z', 'ExecutionStarted', 'Workflow started (submission 1)', '审批流程启动（第1次申报）'),
    wf('2026-11-30T02:15:08.531Z', 'ParallelStateEntered', 'Entered Joint pre-review', '进入「前置审查」', 'JointPreReview'),
    wf('2026-11-30T02:15:09.020Z', 'ParallelStateExited', 'Left Joint pre-review', '离开「前置审查」', 'JointPreReview'),
    audited('2026-11-30T02:15:09.050Z', 'matter-workflow', 'system', 'preReviewPassed', 'Passed the joint pre-review', '前置审查通过'),
    audited(
      '2026-11-30T02:15:09.180Z',
      'matter-workflow',
      'system',
      'enterStage',
      'Entered proposal (round 1), due 2026-12-03',
      '进入动议阶段（第1轮），办理时限至 2026-12-03',
    ),
    wf('2026-11-30T02:15:09.210Z', 'TaskStateEntered', 'Entered Proposal', '进入「动议」', 'Proposal'),
    audited(
      '2026-11-30T02:15:09.360Z',
      'matter-workflow',
      'system',
      'taskOpened',
      'proposal task opened for organs-section, due 2026-12-03',
      '「动议」待机关编制科办理，时限至 2026-12-03',
    ),
    audited(
      '2026-12-01T01:30:12.004Z',
      'demo-section',
      'sectionStaff',
      'decide',
      'proposal: organs-section decided approve',
      '「动议」机关编制科办理意见：同意',
    ),
    wf('2026-12-01T01:30:12.130Z', 'TaskSucceeded', 'Proposal: the decision came in', '「动议」办理意见已送达', 'Proposal'),
    wf('2026-12-01T01:30:12.131Z', 'TaskStateExited', 'Left Proposal', '离开「动议」', 'Proposal'),
    audited(
      '2026-12-01T01:30:12.260Z',
      'matter-workflow',
      'system',
      'decisionReceived',
      'proposal: the workflow took the decision',
      '「动议」办理意见已送达流程',
    ),
    audited('2026-12-01T01:30:12.410Z', 'matter-workflow', 'system', 'proposalDecided', 'Proposal recorded: on to argumentation', '动议办理完毕，转入论证'),
    audited(
      '2026-12-01T01:30:12.560Z',
      'matter-workflow',
      'system',
      'enterStage',
      'Entered argumentation (round 1), due 2026-12-08',
      '进入论证阶段（第1轮），办理时限至 2026-12-08',
    ),
    wf('2026-12-01T01:30:12.590Z', 'MapStateEntered', 'Entered Co-section opinions', '进入「会签（协办科室意见）」', 'CoSectionOpinions'),
    wf('2026-12-01T01:30:12.591Z', 'MapStateExited', 'Left Co-section opinions', '离开「会签（协办科室意见）」', 'CoSectionOpinions'),
    wf('2026-12-01T01:30:12.592Z', 'TaskStateEntered', 'Entered Argumentation by the lead section', '进入「论证（主办科室）」', 'LeadAssessment'),
    audited(
      '2026-12-01T01:30:12.730Z',
      'matter-workflow',
      'system',
      'taskOpened',
      'argumentation task opened for organs-section, due 2026-12-08',
      '「论证」待机关编制科办理，时限至 2026-12-08',
    ),
  ],
  executions: [{ name: EXECUTION, history: true }],
};

/** The inbox's due view: a step due today, and one whose due date has passed (its escalation not yet handled). */
const dueTasks = [
  {
    taskId: 'task-m7a2d9c4e1b0f5368r1a0',
    matterId: 'matter-7a2d9c4e1b0f5368',
    sectionId: 'organs-section',
    assignedTo: 'organs-section',
    claimedBy: 'demo-section',
    step: 'assessment',
    status: 'pending',
    openedAt: '2026-11-24T01:30:12.730Z',
    dueAt: '2026-11-27T15:59:59.999Z',
    overdue: true,
  },
  {
    ...task,
    dueAt: '2026-11-30T15:59:59.999Z',
    overdue: false,
  },
];

const { year: _year, ...calendar2026 } = BUILT_IN_CALENDARS.get(2026)!;

const LETTER_ID = 'letter-3f9a0c1d2e4b5a67';
const supervisionLetter = {
  letterId: LETTER_ID,
  number: '咸编办发〔2027〕3号',
  orgId: 'd001',
  addresseeZh: '市教育局',
  issuedOn: '2027-01-05',
  rectifyBy: '2027-01-19',
  items: [{ matterId: MATTER_ID, matterTitle: '关于增加行政编制的请示', item: 'implementationReport', itemZh: '落实情况报告', dueDate: '2027-01-04' }],
  bodyZh:
    '市教育局：\n经查，你单位下列机构编制事项落实工作已超过规定期限：\n1. 「关于增加行政编制的请示」落实情况报告（期限 2027-01-04）\n请于 2027-01-19 前整改到位，并将整改情况连同佐证材料报送市委编办监督检查科。整改到位前，暂停受理你单位新的机构编制事项和用编计划。',
  status: 'open',
  reports: [],
  verifications: [],
  issuedBy: 'deadline-sweep-job',
};
const suspension = {
  reasonZh: '因督办函 咸编办发〔2027〕3号 整改不力，暂停受理该单位机构编制事项和用编计划',
  record: {
    orgId: 'd001',
    letterId: LETTER_ID,
    letterNumber: '咸编办发〔2027〕3号',
    reason: '逾期未报送落实情况报告，经督办仍未整改',
    interview: { date: '2027-01-25', headName: '王局长', interviewers: '市委编办分管副主任、监督检查科科长', minutesRef: '约谈记录〔2027〕1号' },
    status: 'active' as const,
    suspendedBy: 'demo-leader',
    suspendedAt: '2027-01-22T02:00:00.000Z',
  },
};
const notificationLetter = {
  noticeId: 'nl-7c2e91a04b3d',
  orgId: 'd001',
  orgNameZh: '市教育局',
  headName: '赵明',
  since: '2027-01-04',
  dueDate: '2027-02-04',
  status: 'pending' as const,
  overdue: false,
  bodyZh: '赵明同志：\n您已任市教育局主要负责人。根据《中国共产党机构编制工作条例》，现将机构编制工作有关要求告知如下：\n…',
  createdAt: '2027-01-05T01:00:00.000Z',
};
const earlyWarning = {
  orgId: 'd001',
  code: 'overQuota#administrative',
  kind: 'overQuota' as const,
  approved: 40,
  used: 42,
  overBy: 2,
  message: 'administrative: 42 on the roll or reserved against 40 approved (over by 2)',
  messageZh: '超编：行政编制核定 40 名，实有（含核准未入编）42 名，超出 2 名',
  status: 'open' as const,
  raisedAt: '2026-11-30T02:00:00.000Z',
};
const leadInput = {
  to: 'discipline',
  orgId: 'd001',
  title: '市教育局所属单位超编进人问题线索',
  problem: 'overEstablishment',
  facts: '2026年专项检查发现，该局所属考试中心在无空编情况下招录工作人员3名。',
  evidence: ['检查底稿〔2026〕12号', 'att-20270108-01'],
  requested: '请依规依纪核查处理并反馈结果',
};
const lead = {
  leadId: 'lead-8e41c0a9d27b3f56',
  from: 'office',
  ...leadInput,
  party: 'discipline' as const,
  orgNameZh: '市教育局',
  problem: 'overEstablishment' as const,
  status: 'sent' as const,
  sentBy: 'demo-supervision',
  sentAt: '2027-01-08T02:00:00.000Z',
  due: { step: 'acknowledge', dueDate: '2027-01-13', provisional: false },
  overdue: false,
  steps: [{ status: 'sent' as const, by: 'demo-supervision', at: '2027-01-08T02:00:00.000Z' }],
  reminders: [],
};
const leadAfter = (status: 'acknowledged' | 'handled' | 'fedBack', note: string, due?: { step: string; dueDate: string; provisional: boolean }) => {
  const order = ['acknowledged', 'handled', 'fedBack'] as const;
  const notes = { acknowledged: '已签收，交第三监督检查室办理', handled: '经核查属实，已对相关责任人立案审查', fedBack: note };
  const steps = order
    .slice(0, order.indexOf(status) + 1)
    .map((s, i) => ({ status: s, by: 'demo-discipline', at: `2027-01-${10 + i}T02:00:00.000Z`, note: notes[s] }));
  const { due: _d, ...rest } = lead;
  return { ...rest, status, ...(due ? { due } : {}), steps: [...lead.steps, ...steps] };
};
const inspectionDraw = {
  year: 2027,
  seed: 'xn2027-insp',
  rate: 0.2,
  method: 'Efraimidis–Spirakis weighted sampling without replacement: …',
  populations: { department: { size: 60, drawn: 12 }, institution: { size: 400, drawn: 80 } },
  units: [{ orgId: 'd001', population: 'department', weight: 12, openProblems: 0 }],
  status: 'drawn' as const,
  drawnBy: 'demo-supervision',
  drawnAt: '2027-01-10T02:00:00.000Z',
};
const finding = { description: '所属考试中心在无空编情况下招录工作人员3名', severity: 'minor' as const, problem: 'overEstablishment' };
const inspection = {
  inspectionId: '2027-d001',
  year: 2027,
  orgId: 'd001',
  orgNameZh: '市教育局',
  population: 'department',
  status: 'drawn' as const,
  checklist: [
    { area: 'reformTasks' as const, labelZh: '机构改革任务落实情况', result: 'pending' as const, findings: [] },
    { area: 'establishmentUse' as const, labelZh: '机构编制使用情况', result: 'pending' as const, findings: [] },
    { area: 'discipline' as const, labelZh: '机构编制纪律执行情况', result: 'pending' as const, findings: [] },
  ],
};
const rectification = { note: '已报送编制使用情况报告，新增编制用于教育督导科', evidence: ['att-20270110-01'] };

/** The statistics of d001 and its institution, as the counters give them. */
const d001Statistics = establishmentStatistics([
  unitEstablishment({ ...d001, kind: 'organ', fundingForm: 'fullFunding' }, d001.establishment as never),
  unitEstablishment(
    { ...examInstitute, kind: 'publicInstitution', fundingForm: 'fullFunding' },
    {
      quota: { ...zeroCounts(), publicInstitution: 25 },
      onRoll: { ...zeroCounts(), publicInstitution: 23 },
      reserved: zeroCounts(),
      vacancy: { ...zeroCounts(), publicInstitution: 2 },
    },
  ),
]);
const XLSX_EXAMPLE = '(an .xlsx workbook: Content-Disposition names it, e.g. 市教育局机构编制统计2026-11-30.xlsx)';
const DOCX_EXAMPLE = '(a .docx document in the GB/T 9704 layout: Content-Disposition names it by its number)';

export const ROUTE_EXAMPLES: Record<string, RouteExample> = {
  'GET /health': {
    response: {
      status: 'ok',
      checks: {
        dynamodb: { ok: true },
        stepfunctions: { ok: true, detail: '1 state machines' },
        scheduler: { ok: true, detail: '4 schedules' },
        // On 30 November 2026, before the 2027 notice was added: reported, yet the status stays ok.
        calendar: { ok: false, advisory: true, detail: missingYearsDetail([2027]) },
      },
    },
  },
  'GET /openapi.json': {
    response: {
      openapi: '3.1.0',
      info: { title: 'bianzhi: establishment office closed-loop API', version: '0.1.0' },
      paths: { '/plans': { post: { operationId: 'postPlans' } } },
    },
  },
  'GET /docs': { response: '<!doctype html><html lang="zh-CN"><head><title>bianzhi API 参考</title>…' },
  'GET /docs/{file+}': {
    params: { file: 'swagger-ui.css' },
    query: { v: '5f0c2b9e81a4d376' },
    response: '.swagger-ui{color:#3b4151;…}',
    contentType: 'text/css',
  },

  'GET /me': { response: user('demo-department', '市教育局人事科（演示）', 'department', { organizationId: 'd001' }) },
  'GET /users': {
    query: { limit: 2 },
    response: {
      items: [user('demo-admin', '系统管理员（演示）', 'officeAdmin'), user('demo-audit', '市审计局（演示）', 'audit')],
      nextToken: 'eyJwayI6IlVTRVIjZGVtby1hdWRpdCJ9',
    },
  },
  'POST /users': {
    request: { userId: 'edu-clerk', displayName: '市教育局人事科经办人', role: 'department', organizationId: 'd001' },
    response: user('edu-clerk', '市教育局人事科经办人', 'department', { organizationId: 'd001' }),
  },
  'GET /users/{userId}': {
    params: { userId: 'demo-section' },
    response: user('demo-section', '机关编制科（演示）', 'sectionStaff', { sectionId: 'organs-section' }),
  },
  'PATCH /users/{userId}': {
    params: { userId: 'demo-section' },
    request: { sectionId: 'institutions-section', reason: '轮岗到事业编制科' },
    response: { ...user('demo-section', '机关编制科（演示）', 'sectionStaff', { sectionId: 'institutions-section' }), updatedAt: AT, version: 2 },
  },

  // 2027's notice was not out when this was written: the year reads as missing until it is added.
  'GET /calendar/{year}': { params: { year: '2027' }, response: { year: 2027, source: 'missing', holidays: [], makeUpWorkingDays: [] } },
  // The 2026 notice, as an office admin types it in (the built-in year, stored over itself).
  'PUT /calendar/{year}': {
    params: { year: '2026' },
    request: calendar2026,
    response: { year: 2026, source: 'stored', ...calendar2026, updatedAt: AT, version: 1 },
  },

  'GET /organizations': { query: { limit: 50 }, response: { items: [d001, examInstitute] } },
  'POST /organizations': {
    request: {
      orgId: 'd001-i08',
      name: '咸宁市教育考试院',
      kind: 'publicInstitution',
      parentId: 'd001',
      fundingForm: 'fullFunding',
      uscc: '124212000000150188',
      legalPersonStatus: 'registered',
      principalHead: { name: '周敏', since: '2026-09-01' },
      documentNumber: '咸编发〔2026〕21号',
      effectiveDate: '2026-10-01',
    },
    response: examInstitute,
  },
  'GET /organizations/{orgId}': { params: { orgId: 'd001' }, query: { asAt: '2026-11-30' }, response: d001 },
  'PUT /organizations/{orgId}/quotas/{quotaType}': {
    params: { orgId: 'd001', quotaType: 'administrative' },
    request: { approved: 32, documentNumber: DOC, effectiveDate: '2026-11-01', reason: '承接教育督导职责' },
    response: { organization: { ...d001, version: 2, establishment: establishment(counts(32, 3), counts(24, 2), counts(2)) }, warnings: [] },
  },
  'PUT /organizations/{orgId}/post-quotas/{grade}': {
    params: { orgId: 'd001', grade: 'sectionChief' },
    request: { leader: 6, nonLeader: 4, documentNumber: DOC, effectiveDate: '2026-11-01' },
    response: { organization: d001, warnings: [] },
  },
  'POST /people/{personId}/post': {
    params: { personId: CLERK },
    request: { grade: 'sectionChief', track: 'leader', since: '2026-10-08', documentNumber: '咸教任〔2026〕5号' },
    response: { ...clerkMasked, postGrade: 'sectionChief', postTrack: 'leader', postSince: '2026-10-08' },
  },
  'POST /organizations/{orgId}/events': {
    params: { orgId: 'd001-i08' },
    request: { event: 'rename', name: '咸宁市教育考试中心', documentNumber: '咸编发〔2026〕33号', effectiveDate: '2026-11-15' },
    response: { ...examInstitute, name: '咸宁市教育考试中心', version: 2 },
  },
  'POST /organizations/{orgId}/corrections': {
    params: { orgId: 'd001-i08' },
    request: { field: 'principalHead', value: { name: '周敏', since: '2026-09-15' }, reason: '任职时间录入有误，以任职文件为准' },
    response: { ...examInstitute, principalHead: { name: '周敏', since: '2026-09-15' }, version: 2 },
  },
  'GET /organizations/{orgId}/history': {
    params: { orgId: 'd001-i08' },
    response: {
      events: [
        { event: 'setUp', documentNumber: '咸编发〔2026〕21号', effectiveDate: '2026-10-01', recordedAt: '2026-10-02T01:20:00.000Z' },
        { event: 'rename', documentNumber: '咸编发〔2026〕33号', effectiveDate: '2026-11-15', recordedAt: '2026-11-16T06:40:00.000Z' },
      ],
      corrections: [
        {
          field: 'principalHead',
          before: { name: '周敏', since: '2026-09-01' },
          after: { name: '周敏', since: '2026-09-15' },
          reason: '任职时间录入有误，以任职文件为准',
          recordedAt: AT,
          actor: 'demo-section',
        },
      ],
    },
  },
  'POST /people/{personId}/offboard': {
    params: { personId: CLERK },
    request: { reason: 'retirement', date: '2026-11-30', documentNumber: '咸教人〔2026〕12号' },
    response: {
      person: { ...clerk, status: 'offRoll', offRollDate: '2026-11-30', offRollReason: 'retirement' },
      forms: {
        reductionNotice: reductionNotice({
          orgId: 'd001',
          orgName: '市教育局',
          name: '刘洋',
          quotaType: 'administrative',
          reason: 'retirement',
          date: '2026-11-30',
          documentNumber: '咸教人〔2026〕12号',
        }),
      },
    },
  },
  'GET /organizations/{orgId}/people': {
    params: { orgId: 'd001' },
    query: { limit: 100 },
    response: { items: [clerkMasked], nextToken: 'eyJwayI6IlBFUlNPTiNwLTJiN2QifQ' },
  },
  'POST /organizations/{orgId}/people': {
    params: { orgId: 'd001' },
    request: { nationalId: '421202198407210579', name: '刘洋', quotaType: 'administrative', post: '科长', onRollSince: '2008-09-01' },
    response: clerkMasked,
  },
  'GET /people/{personId}': { params: { personId: CLERK }, response: clerkMasked },
  'POST /imports': {
    request: {
      files: [
        {
          name: '人员.csv',
          contentBase64: Buffer.from(
            '身份证号,姓名,单位代码,编制类型,岗位,入编时间\r\n421202198407210579,刘洋,d001,行政编制,科长,2008-09-01\r\n',
            'utf8',
          ).toString('base64'),
        },
      ],
      dryRun: true,
    },
    response: {
      importId: 'imp-5c1e9a0b7d3f2468',
      written: false,
      rows: { organizations: 0, people: 1 },
      issues: [],
      overQuota: [],
      created: { organizations: 0, people: 0 },
      skipped: { organizations: 0, people: 0 },
      chunks: { written: 0, alreadyThere: 0 },
    },
  },

  'GET /matter-catalog': { response: { version: 0, source: 'builtIn', ...DEFAULT_MATTER_CATALOG } },
  'PUT /matter-catalog': {
    request: { version: 0, reason: '按市委编委会议定调整事项目录', ...DEFAULT_MATTER_CATALOG },
    response: { version: 1, source: 'stored', ...DEFAULT_MATTER_CATALOG, updatedAt: AT, updatedBy: 'demo-admin' },
  },
  'POST /matters': { request: matterInput, response: matter },
  'GET /matters/{matterId}': { params: { matterId: MATTER_ID }, response: matter },
  'GET /matters/{matterId}/timeline': { params: { matterId: MATTER_ID }, response: matterTimeline },
  'GET /matters/{matterId}/flow-chart': {
    params: { matterId: MATTER_ID },
    response:
      '<svg xmlns="http://www.w3.org/2000/svg" width="980" height="886" viewBox="0 0 980 886" role="img" aria-labelledby="chart-title">…<g class="node kind-human current" data-state="LeadAssessment">…<text class="label" …>论证（主办科室）</text>…</svg>',
  },
  'GET /organizations/{orgId}/matters': { params: { orgId: 'd001' }, response: { items: [matter] } },
  'POST /matters/{matterId}/withdraw': { params: { matterId: MATTER_ID }, response: { ...matter, status: 'withdrawn' } },
  'POST /matters/{matterId}/resubmit': {
    params: { matterId: MATTER_ID },
    request: { correction: '按机关编制科意见补充了工作量测算依据' },
    response: {
      ...matter,
      revision: 2,
      round: 2,
      executionName: `${MATTER_ID}-r2`,
      correction: '按机关编制科意见补充了工作量测算依据',
      revisedAt: '2026-12-02T01:20:00.000Z',
    },
  },
  'GET /matters/{matterId}/implementation': {
    params: { matterId: MATTER_ID },
    response: { matterId: MATTER_ID, status: 'issued', items: [ledgerItem] },
  },
  'POST /matters/{matterId}/implementation/{item}': {
    params: { matterId: MATTER_ID, item: 'implementationReport' },
    request: { note: '3名行政编制已用于新设的教育督导科，人员已到岗', evidence: ['att-20261220-01', 'att-20261220-02'] },
    response: {
      matterId: MATTER_ID,
      status: 'closed',
      closedAt: '2026-12-20T02:00:00.000Z',
      items: [
        {
          ...ledgerItem,
          status: 'done',
          report: {
            note: '3名行政编制已用于新设的教育督导科，人员已到岗',
            evidence: ['att-20261220-01', 'att-20261220-02'],
            by: 'demo-department',
            at: '2026-12-20T02:00:00.000Z',
          },
        },
      ],
    },
  },
  'POST /plans': { request: planInput, response: submitted },
  'GET /plans/{planId}': { params: { planId: PLAN_ID }, response: approved },
  'POST /plans/{planId}/withdraw': { params: { planId: PLAN_ID }, response: { ...submitted, status: 'withdrawn', preReview } },
  'POST /plans/{planId}/resubmit': {
    params: { planId: PLAN_ID },
    request: { count: 1, reason: '按审核意见压减为1名，并补充岗位说明' },
    response: { ...submitted, revision: 2, count: 1, reason: '按审核意见压减为1名，并补充岗位说明', executionName: `${PLAN_ID}-r2` },
  },
  'GET /organizations/{orgId}/plans': { params: { orgId: 'd001' }, response: { items: [approved] } },
  'GET /organizations/{orgId}/notifications': {
    params: { orgId: 'd001' },
    response: {
      items: [
        {
          kind: 'reservationLapsed',
          planId: PLAN_ID,
          notice: NOTICE,
          released: 1,
          message: `Approval notice ${NOTICE} expired on 2027-02-28: 1 unused administrative slots were released`,
          messageZh: `核准使用编制通知单 ${NOTICE} 已于 2027-02-28 到期，未使用的 1 名编制已释放`,
          at: '2027-03-01T16:15:00.000Z',
        },
      ],
    },
  },
  'GET /tasks': { query: { due: 'today' }, response: { items: dueTasks } },
  'POST /tasks/{taskId}/claim': { params: { taskId: TASK_ID }, response: { ...task, claimedBy: 'demo-section' } },
  'POST /tasks/{taskId}/reassign': {
    params: { taskId: TASK_ID },
    request: { userId: 'demo-section-head', reason: '承办人出差，转科长办理' },
    response: { ...task, claimedBy: 'demo-section-head' },
  },
  'POST /tasks/{taskId}/decision': {
    params: { taskId: TASK_ID },
    request: { decision: 'approve', opinion: '同意使用行政编制2名' },
    response: {
      ...task,
      status: 'decided',
      decision: 'approve',
      opinion: '同意使用行政编制2名',
      decidedBy: 'demo-section',
      decidedAt: AT,
      delivery: 'pending',
    },
  },
  'GET /tasks/{taskId}': {
    params: { taskId: TASK_ID },
    response: {
      ...task,
      status: 'decided',
      decision: 'approve',
      opinion: '同意使用行政编制2名',
      decidedBy: 'demo-section',
      decidedAt: AT,
      delivery: 'received',
    },
  },
  'POST /organizations/{orgId}/transfers': {
    params: { orgId: 'd002' },
    request: { nationalId: '421202198407210579', planId: RECEIVING_PLAN, date: '2026-11-30', documentNumber: '咸财人〔2026〕15号' },
    response: transfer,
  },
  'GET /organizations/{orgId}/transfers': { params: { orgId: 'd001' }, response: { incoming: [], outgoing: [transfer] } },
  'GET /transfers/{transferId}': { params: { transferId: TRANSFER_ID }, response: transfer },
  'POST /transfers/{transferId}/release': {
    params: { transferId: TRANSFER_ID },
    response: {
      transfer: { ...transfer, status: 'completed', releasedBy: 'demo-department', closedAt: '2026-11-30T05:40:00.000Z' },
      person: { ...clerk, orgId: 'd002', onRollSince: '2026-11-30', planId: RECEIVING_PLAN },
    },
  },
  'POST /transfers/{transferId}/cancel': {
    params: { transferId: TRANSFER_ID },
    request: { reason: '本人不同意调动' },
    response: { ...transfer, status: 'cancelled', closedAt: '2026-11-30T05:40:00.000Z', reason: '本人不同意调动' },
  },
  'POST /organizations/{orgId}/plans/{planId}/people': {
    params: { orgId: 'd001', planId: PLAN_ID },
    request: { nationalId: '110105199605141273', name: '张伟', post: '科员', onRollSince: '2026-11-30' },
    response: {
      person: newcomer,
      forms: {
        intakeApproval: intakeApproval({
          ...newcomerForm,
          orgId: 'd001',
          notice: NOTICE,
          channel: 'publicRecruitment',
          gender: 'male',
          post: '科员',
        }),
        establishmentCard: establishmentCard({ ...newcomerForm, cardNumber: 'BZK-d001-7A3C19E0B4' }),
      },
    },
  },
  'GET /supervision-letters': { query: { status: 'open' }, response: { items: [supervisionLetter] } },
  'GET /supervision-letters/{letterId}': { params: { letterId: LETTER_ID }, response: supervisionLetter },
  'GET /organizations/{orgId}/supervision-letters': { params: { orgId: 'd001' }, response: { items: [supervisionLetter] } },
  'POST /supervision-letters/{letterId}/rectification': {
    params: { letterId: LETTER_ID },
    request: rectification,
    response: { ...supervisionLetter, status: 'reported', reports: [{ ...rectification, by: 'demo-department', at: '2027-01-10T02:00:00.000Z' }] },
  },
  'POST /supervision-letters/{letterId}/verification': {
    params: { letterId: LETTER_ID },
    request: { outcome: 'verified', opinion: '经核查，编制使用情况报告已报送，整改到位，予以销号' },
    response: {
      ...supervisionLetter,
      status: 'rectified',
      reports: [{ ...rectification, by: 'demo-department', at: '2027-01-10T02:00:00.000Z' }],
      verifications: [
        { outcome: 'verified', opinion: '经核查，编制使用情况报告已报送，整改到位，予以销号', by: 'demo-supervision', at: '2027-01-12T03:00:00.000Z' },
      ],
    },
  },
  'GET /organizations/{orgId}/supervision': {
    params: { orgId: 'd001' },
    response: {
      orgId: 'd001',
      blocks: [{ kind: 'suspension', reason: 'approvals suspended for poor rectification of 咸编办发〔2027〕3号', reasonZh: suspension.reasonZh }],
      letters: [supervisionLetter],
      suspensions: [suspension.record],
      warnings: [
        {
          code: 'overQuota#administrative',
          kind: 'overQuota',
          overBy: 2,
          messageZh: '超编：行政编制核定 40 名，实有（含核准未入编）42 名，超出 2 名',
          raisedAt: '2026-11-30T02:00:00.000Z',
        },
      ],
      inspections: [{ inspectionId: '2027-d001', year: 2027, status: 'concluded', letterId: LETTER_ID }],
    },
  },
  'POST /organizations/{orgId}/suspension': {
    params: { orgId: 'd001' },
    request: { letterId: LETTER_ID, reason: suspension.record.reason, interview: suspension.record.interview },
    response: suspension.record,
  },
  'POST /organizations/{orgId}/suspension/lift': {
    params: { orgId: 'd001' },
    request: { reason: '督办函所列事项已整改到位，约谈要求已落实' },
    response: {
      ...suspension.record,
      status: 'lifted',
      liftedBy: 'demo-leader',
      liftedAt: '2027-02-10T02:00:00.000Z',
      liftReason: '督办函所列事项已整改到位，约谈要求已落实',
    },
  },
  'GET /notification-letters': { query: { status: 'pending' }, response: { items: [notificationLetter] } },
  'GET /organizations/{orgId}/notification-letters': { params: { orgId: 'd001' }, response: { items: [notificationLetter] } },
  'POST /organizations/{orgId}/notification-letters/{noticeId}/delivery': {
    params: { orgId: 'd001', noticeId: notificationLetter.noticeId },
    request: { deliveredOn: '2027-01-20', method: 'inPerson', recipient: '赵明' },
    response: {
      ...notificationLetter,
      status: 'delivered',
      number: '咸编办发〔2027〕4号',
      delivery: { deliveredOn: '2027-01-20', method: 'inPerson', recipient: '赵明', by: 'demo-supervision', at: '2027-01-20T03:00:00.000Z' },
    },
  },
  'GET /warnings': { response: { items: [earlyWarning] } },
  'GET /organizations/{orgId}/warnings': {
    params: { orgId: 'd001' },
    response: {
      orgId: 'd001',
      open: [earlyWarning],
      closed: [
        {
          ...earlyWarning,
          code: 'overPostQuota#sectionChief#leader',
          kind: 'overPostQuota',
          status: 'closed',
          approved: 2,
          used: 3,
          overBy: 1,
          message: 'sectionChief leader posts: 3 filled against 2 approved (over by 1)',
          messageZh: '超职数配备：正科级领导职务核定 2 名，实配 3 名，超出 1 名',
          raisedAt: '2026-10-09T02:00:00.000Z',
          closedAt: '2026-10-20T06:00:00.000Z',
        },
      ],
    },
  },
  'GET /reconciliation': {
    response: {
      day: '2026-12-01',
      asOf: '2026-11-30T18:00:00.000Z',
      organizations: 460,
      people: 15000,
      driftCount: 1,
      drift: [{ orgId: 'd001', field: 'onRoll.administrative', counter: 41, records: 40 }],
      warningsRaised: 0,
      warningsClosed: 0,
      failed: [],
      changedWhileCounted: [],
      reads: { requests: 1386, capacityUnits: 1840.5 },
      durationMs: 9120,
    },
  },
  'POST /lead-transfers': { request: leadInput, response: lead },
  'GET /lead-transfers': { query: { party: 'discipline' }, response: { items: [lead] } },
  'GET /lead-transfers/{leadId}': { params: { leadId: lead.leadId }, response: lead },
  'POST /lead-transfers/{leadId}/acknowledgement': {
    params: { leadId: lead.leadId },
    request: { note: '已签收，交第三监督检查室办理' },
    response: leadAfter('acknowledged', '已签收，交第三监督检查室办理', { step: 'handle', dueDate: '2027-02-11', provisional: false }),
  },
  'POST /lead-transfers/{leadId}/handling': {
    params: { leadId: lead.leadId },
    request: { note: '经核查属实，已对相关责任人立案审查' },
    response: leadAfter('handled', '经核查属实，已对相关责任人立案审查', { step: 'feedBack', dueDate: '2027-02-18', provisional: false }),
  },
  'POST /lead-transfers/{leadId}/feedback': {
    params: { leadId: lead.leadId },
    request: { note: '处理结果：给予党内警告处分，责令清退超编人员3名' },
    response: leadAfter('fedBack', '处理结果：给予党内警告处分，责令清退超编人员3名'),
  },
  'POST /inspections/draws': { request: { year: 2027, seed: 'xn2027-insp', rate: 0.2 }, response: inspectionDraw },
  'GET /inspections/draws/{year}': { params: { year: '2027' }, response: inspectionDraw },
  'GET /inspections/{inspectionId}': { params: { inspectionId: inspection.inspectionId }, response: inspection },
  'GET /organizations/{orgId}/inspections': { params: { orgId: 'd001' }, response: { items: [inspection] } },
  'POST /inspections/{inspectionId}/checklist/{area}': {
    params: { inspectionId: inspection.inspectionId, area: 'establishmentUse' },
    request: { result: 'findings', findings: [finding] },
    response: {
      ...inspection,
      checklist: inspection.checklist.map((c) =>
        c.area === 'establishmentUse'
          ? {
              ...c,
              result: 'findings' as const,
              findings: [{ ...finding, findingId: 'establishmentUse-1' }],
              by: 'demo-supervision',
              at: '2027-03-02T02:00:00.000Z',
            }
          : c,
      ),
    },
  },
  'POST /inspections/{inspectionId}/conclusion': {
    params: { inspectionId: inspection.inspectionId },
    request: { summary: '该局机构编制使用存在超编问题，已按清单督办' },
    response: {
      ...inspection,
      status: 'concluded',
      summary: '该局机构编制使用存在超编问题，已按清单督办',
      letterId: LETTER_ID,
      concludedBy: 'demo-supervision',
      concludedAt: '2027-03-05T02:00:00.000Z',
    },
  },
  'GET /statistics/establishment': {
    query: { orgId: 'd001' },
    response: { scope: { orgId: 'd001', nameZh: '市教育局' }, asOf: '2026-11-30', ...d001Statistics },
  },
  'GET /statistics/matters': {
    query: { orgId: 'd001' },
    response: {
      scope: { orgId: 'd001', nameZh: '市教育局' },
      asOf: '2026-12-10',
      ...matterStatistics(
        [
          {
            matterId: MATTER_ID,
            orgId: 'd001',
            departmentId: 'd001',
            status: 'argumentation',
            title: matterInput.title,
            due: { argumentation: { dueDate: '2026-12-08' } },
          },
        ],
        '2026-12-10',
      ),
    },
  },
  'GET /statistics/supervision': {
    response: {
      scope: { nameZh: '全市' },
      asOf: '2027-01-20',
      warnings: { open: 1, byKind: { overQuota: 1 }, units: 1 },
      letters: { open: 1, reported: 0, pastRectification: 1 },
      ledger: { open: 3, overdue: 0 },
    },
  },
  'GET /exports/statistics.xlsx': { query: { orgId: 'd001' }, response: XLSX_EXAMPLE },
  'GET /exports/ledger.xlsx': { response: XLSX_EXAMPLE },
  'GET /organizations/{orgId}/roster.xlsx': { params: { orgId: 'd001' }, response: XLSX_EXAMPLE },
  'GET /personnel/organizations/{orgId}/vacancies': {
    params: { orgId: 'd001' },
    response: {
      orgId: 'd001',
      name: '市教育局',
      kind: 'organ',
      quota: d001.establishment.quota,
      onRoll: d001.establishment.onRoll,
      reserved: d001.establishment.reserved,
      vacancy: d001.establishment.vacancy,
      posts: d001.establishment.posts,
      approvedPlans: [{ planId: PLAN_ID, quotaType: 'administrative', channel: 'publicRecruitment', noticeNumber: NOTICE, validUntil: '2027-02-28', open: 2 }],
    },
  },
  'POST /personnel/appointment-checks': {
    request: { orgId: 'd001', grade: 'sectionChief', track: 'leader', nationalId: '421202199003170579' },
    response: {
      orgId: 'd001',
      name: '市教育局',
      allowed: false,
      reasons: [
        {
          code: 'overPostQuota',
          message: 'no sectionChief leader post is vacant: quota 6, filled 6',
          messageZh: '正科级领导职务核定职数 6 名，已配备 6 名，无空缺职数，不得超职数配备',
        },
      ],
    },
  },
  'GET /finance/headcount': {
    query: { orgId: 'd001' },
    response: {
      asAt: '2026-11-30',
      scope: { orgId: 'd001', nameZh: '市教育局' },
      units: d001Statistics.units.map((u) => ({
        orgId: u.orgId,
        name: u.name,
        kind: u.kind,
        fundingForm: u.fundingForm,
        quota: u.quota,
        onRoll: u.onRoll,
        total: QUOTA_TYPES.reduce((n, t) => n + u.onRoll[t], 0),
      })),
      byFundingForm: {
        fullFunding: { ...zeroCounts(), administrative: 24, logistics: 2, publicInstitution: 23 },
        differentialFunding: zeroCounts(),
        selfFunding: zeroCounts(),
      },
      total: 49,
    },
  },
  'POST /finance/payroll-reconciliations': {
    request: { orgId: 'd001', file: { name: '2026年11月工资发放表.xlsx', contentBase64: 'UEsDBBQAAAAIAA==' } },
    response: {
      orgId: 'd001',
      sheet: '11月',
      paidNotOnRoster: [{ row: 27, name: '刘洋', nationalId: '610402********2315', unitName: '市教育局', amount: 6820.5 }],
      onRosterNotPaid: [{ personId: CLERK, orgId: 'd001', orgName: '市教育局', name: '李娜', quotaType: 'administrative' }],
      nameMismatch: [],
      paidTwice: [],
      matched: 25,
      totals: { peoplePaid: 26, rowsWithAmount: 26, amountPaid: 181240.5, amountPaidNotOnRoster: 6820.5 },
    },
  },
  'GET /matters/{matterId}/document.docx': { params: { matterId: MATTER_ID }, response: DOCX_EXAMPLE },
  'GET /supervision-letters/{letterId}/document.docx': { params: { letterId: LETTER_ID }, response: DOCX_EXAMPLE },
  'GET /organizations/{orgId}/notification-letters/{noticeId}/document.docx': {
    params: { orgId: 'd001', noticeId: notificationLetter.noticeId },
    response: DOCX_EXAMPLE,
  },
  'GET /plans/{planId}/notice.docx': { params: { planId: PLAN_ID }, response: DOCX_EXAMPLE },
  'GET /people/{personId}/establishment-card.docx': { params: { personId: NEW_PERSON }, response: DOCX_EXAMPLE },
  'GET /organizations/{orgId}/establishment-card.docx': { params: { orgId: 'd001' }, response: DOCX_EXAMPLE },
};
