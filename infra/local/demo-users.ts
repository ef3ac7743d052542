import type { UserInput } from '../../shared/schemas/users.ts';

/**
 * One demo user per role, and one per section that receives approval tasks, so a newcomer can
 * try every flow with `npm run token -- --user <id>`.
 */
export const DEMO_USERS: UserInput[] = [
  { userId: 'demo-admin', displayName: '系统管理员（演示）', role: 'officeAdmin' },
  { userId: 'demo-department', displayName: '市教育局人事科（演示）', role: 'department', organizationId: 'd001' },
  { userId: 'demo-section', displayName: '机关编制科（演示）', role: 'sectionStaff', sectionId: 'organs-section' },
  { userId: 'demo-section-head', displayName: '机关编制科科长（演示）', role: 'sectionStaff', sectionId: 'organs-section', sectionHead: true },
  { userId: 'demo-institutions', displayName: '事业编制科（演示）', role: 'sectionStaff', sectionId: 'institutions-section' },
  { userId: 'demo-supervision', displayName: '监督检查科（演示）', role: 'supervisionSection', sectionId: 'supervision-section' },
  { userId: 'demo-registration', displayName: '事业单位登记管理局（演示）', role: 'registrationBureau', sectionId: 'registration-bureau' },
  { userId: 'demo-egov', displayName: '电子政务中心（演示）', role: 'egovCenter', sectionId: 'egov-center' },
  { userId: 'demo-leader', displayName: '编办领导（演示）', role: 'leader' },
  { userId: 'demo-operator', displayName: '运维值班（演示）', role: 'operator' },
  { userId: 'demo-personnel', displayName: '市委组织部（演示）', role: 'personnel' },
  { userId: 'demo-finance', displayName: '市财政局（演示）', role: 'finance' },
  { userId: 'demo-discipline', displayName: '市纪委监委（演示）', role: 'discipline' },
  { userId: 'demo-inspection-tour', displayName: '市委巡察办（演示）', role: 'inspectionTour' },
  { userId: 'demo-audit', displayName: '市审计局（演示）', role: 'audit' },
];
