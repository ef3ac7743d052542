/**
 * The Chinese label of every code a user may read: printed forms, messages and warnings show
 * these, never the code itself (GLOSSARY.md: code names in code, Chinese labels in user-facing
 * text). One table per vocabulary, because one code can name two things (`publicInstitution`
 * is 事业单位 as a kind and 事业编制 as a quota type).
 */

// Types only: every bundle that prints a label would otherwise carry the schemas the lists live in.
import type { Role } from '../roles.ts';
import type { MATTER_STATUSES } from '../schemas/matters.ts';
import type { DECISIONS, OFFBOARD_REASONS, PLAN_CHANNELS, PLAN_STATUSES } from '../schemas/plans.ts';
import type { CalendarSource } from './calendar/holiday-calendar.ts';
import type { PostGrade, PostTrack } from './registry/establishment.ts';
import type { FundingForm, InstitutionCategory, OrganizationKind, QuotaType } from './registry/rules.ts';
import type { LEGAL_PERSON_STATES } from './registry/validate.ts';

export const QUOTA_TYPE_LABELS: Record<QuotaType, string> = {
  administrative: '行政编制',
  publicInstitution: '事业编制',
  civilServiceManagedInstitution: '参公事业编制',
  logistics: '工勤编制',
};

export const ORGANIZATION_KIND_LABELS: Record<OrganizationKind, string> = {
  organ: '机关',
  publicInstitution: '事业单位',
  massOrganization: '群团机关',
};

export const FUNDING_FORM_LABELS: Record<FundingForm, string> = {
  fullFunding: '全额拨款',
  differentialFunding: '差额拨款',
  selfFunding: '自收自支',
};

export const INSTITUTION_CATEGORY_LABELS: Record<InstitutionCategory, string> = {
  administrativeFunctions: '承担行政职能',
  publicWelfareOne: '公益一类',
  publicWelfareTwo: '公益二类',
  productionAndOperation: '从事生产经营活动',
};

export const LEGAL_PERSON_STATE_LABELS: Record<(typeof LEGAL_PERSON_STATES)[number], string> = {
  notRequired: '无需登记',
  pending: '登记中',
  registered: '已登记',
  cancelled: '已注销',
};

export const POST_GRADE_LABELS: Record<PostGrade, string> = {
  countyChief: '正县级',
  countyDeputy: '副县级',
  sectionChief: '正科级',
  sectionDeputy: '副科级',
};

export const POST_TRACK_LABELS: Record<PostTrack, string> = {
  leader: '领导职务',
  nonLeader: '职级',
};

export const ROLE_LABELS: Record<Role, string> = {
  department: '申报单位',
  sectionStaff: '业务科室',
  supervisionSection: '监督检查科',
  registrationBureau: '事业单位登记管理局',
  egovCenter: '电子政务中心',
  leader: '编办领导',
  officeAdmin: '系统管理员',
  operator: '运维人员',
  personnel: '组织人事部门',
  finance: '财政部门',
  discipline: '纪检监察机关',
  inspectionTour: '巡察机构',
  audit: '审计机关',
};

/** Sections of the office that receive approval tasks (and the leadership, for escalations). */
export const SECTION_LABELS = {
  'organs-section': '机关编制科',
  'institutions-section': '事业编制科',
  'supervision-section': '监督检查科',
  'registration-bureau': '事业单位登记管理局',
  'egov-center': '电子政务中心',
  leadership: '编办领导',
} as const;

export const OFFBOARD_REASON_LABELS: Record<(typeof OFFBOARD_REASONS)[number], string> = {
  retirement: '退休',
  transferOut: '调出',
  resignation: '辞职',
  dismissal: '辞退',
  death: '死亡',
};

export const PLAN_CHANNEL_LABELS: Record<(typeof PLAN_CHANNELS)[number], string> = {
  publicRecruitment: '公开招聘',
  selection: '选调',
  militaryResettlement: '军转安置',
  transferIn: '调入',
  other: '其他',
};

export const PLAN_STATUS_LABELS: Record<(typeof PLAN_STATUSES)[number], string> = {
  preReview: '前置审查中',
  refused: '不予核准',
  pendingApproval: '待审批',
  returned: '退回补正',
  approved: '已核准',
  withdrawn: '已撤回',
  lapsed: '已过期',
  failed: '流程出错中止',
};

/** Where a matter stands (shown on its flow chart); not an input vocabulary, so not among those below. */
export const MATTER_STATUS_LABELS: Record<(typeof MATTER_STATUSES)[number], string> = {
  submitted: '已提交',
  preReview: '前置审查中',
  refused: '不予受理',
  proposal: '动议',
  argumentation: '论证',
  deliberation: '审议决定',
  opened: '已立项待报送',
  returned: '退回补正',
  rejected: '不予批准',
  issued: '已批复',
  closed: '已办结',
  withdrawn: '已撤回',
  failed: '流程出错中止',
};

/** The decisions a section makes, and the one the deadline makes for it. */
export const DECISION_LABELS: Record<(typeof DECISIONS)[number] | 'timedOut', string> = {
  approve: '同意',
  refuse: '不同意',
  return: '退回补正',
  timedOut: '超时未办',
};

export const ORG_EVENT_LABELS = {
  rename: '更名',
  changeHead: '主要负责人变更',
  legalPersonRegistration: '法人登记',
  abolish: '撤销',
  merge: '合并',
  split: '分设',
  // Made by an approved matter on issue (matter-issue.ts), under its document number.
  adjustFunctions: '职能调整',
  changeInternalUnits: '内设机构调整',
  changeInstitutionCategory: '事业单位类别调整',
} as const;

export const GENDER_LABELS = { male: '男', female: '女' } as const;

/** Where a year's holiday calendar comes from (GET /calendar/{year}). */
export const CALENDAR_SOURCE_LABELS: Record<CalendarSource, string> = {
  builtIn: '系统内置',
  stored: '管理员录入',
  missing: '未录入（按周一至周五计算）',
};

/** Every vocabulary, for finding the one an enum of values belongs to. */
const VOCABULARIES: readonly Readonly<Record<string, string>>[] = [
  QUOTA_TYPE_LABELS,
  ORGANIZATION_KIND_LABELS,
  FUNDING_FORM_LABELS,
  LEGAL_PERSON_STATE_LABELS,
  POST_GRADE_LABELS,
  POST_TRACK_LABELS,
  ROLE_LABELS,
  OFFBOARD_REASON_LABELS,
  PLAN_CHANNEL_LABELS,
  PLAN_STATUS_LABELS,
  DECISION_LABELS,
  ORG_EVENT_LABELS,
  GENDER_LABELS,
  CALENDAR_SOURCE_LABELS,
];

/**
 * The labels of a set of codes taken together (an enum's options), from the one vocabulary
 * that holds them all; undefined when no vocabulary does, so a caller never shows a guess.
 */
export const labelsOf = (codes: readonly unknown[]): string[] | undefined => {
  if (!codes.length || !codes.every((c) => typeof c === 'string')) return undefined;
  const table = VOCABULARIES.find((v) => codes.every((c) => Object.hasOwn(v, c as string)));
  return table ? codes.map((c) => table[c as string]!) : undefined;
};

/** The label of a code in a known vocabulary, or a neutral word when the code is not in it. */
export const labelIn = <K extends string>(table: Readonly<Record<K, string>>, code: string | undefined, fallback = '未知'): string =>
  code !== undefined && Object.hasOwn(table, code) ? table[code as K] : fallback;
