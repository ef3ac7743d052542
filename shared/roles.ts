/**
 * Roles of the people who use the system (SPEC "Who uses it"). A user record carries exactly one
 * role; routes in the manifest name the roles allowed. Role names follow GLOSSARY.md where it
 * names the body (personnel, finance, discipline, inspectionTour, audit).
 */
export const ROLES = [
  'department', // 申报单位: a department's or institution's staff officer
  'sectionStaff', // 业务科室: a business section of the office (lead / co-section / responsible section)
  'supervisionSection', // 监督检查科
  'registrationBureau', // 事业单位登记管理局
  'egovCenter', // 电子政务中心, keeper of the roster
  'leader', // office leadership: deliberation and decision, sanctions
  'officeAdmin', // manages users and office configuration
  'operator', // watches workflows, schedules and alarms
  'personnel', // 组织人事
  'finance', // 财政
  'discipline', // 纪检监察
  'inspectionTour', // 巡察
  'audit', // 审计
] as const;

export type Role = (typeof ROLES)[number];

/** Roles that belong to the office itself (they read across all organizations). */
export const OFFICE_ROLES: readonly Role[] = ['sectionStaff', 'supervisionSection', 'registrationBureau', 'egovCenter', 'leader', 'officeAdmin'];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);
