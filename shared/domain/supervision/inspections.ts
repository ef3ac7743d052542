/**
 * The annual special inspection's checklist (R-SUP-5): each drawn unit is examined on three
 * areas, each found compliant or with findings; the findings go into the problem ledger as a
 * supervision letter listing them (清单式督办), a serious one is also referred to discipline
 * inspection as a lead transfer (R-SUP-6). Pure rules.
 */

export const CHECKLIST_AREAS = ['reformTasks', 'establishmentUse', 'discipline'] as const;
export type ChecklistArea = (typeof CHECKLIST_AREAS)[number];

export const CHECKLIST_LABELS: Record<ChecklistArea, string> = {
  reformTasks: '机构改革任务落实情况',
  establishmentUse: '机构编制使用情况',
  discipline: '机构编制纪律执行情况',
};

export const INSPECTION_STATUSES = ['drawn', 'concluded'] as const;
export const AREA_RESULTS = ['pending', 'compliant', 'findings'] as const;
export const SEVERITIES = ['minor', 'serious'] as const;

/** An inspection's id: the year and the unit (one inspection of a unit a year). */
export const inspectionIdOf = (year: number, orgId: string) => `${year}-${orgId}`;
export const parseInspectionId = (id: string): { year: number; orgId: string } | undefined => {
  const m = /^(\d{4})-(.+)$/.exec(id);
  return m ? { year: Number(m[1]), orgId: m[2]! } : undefined;
};

export interface Finding {
  findingId: string;
  description: string;
  severity: (typeof SEVERITIES)[number];
  problem: string;
}

export interface ChecklistEntry {
  area: ChecklistArea;
  labelZh: string;
  result: (typeof AREA_RESULTS)[number];
  findings: Finding[];
  by?: string;
  at?: string;
}

export const freshChecklist = (): ChecklistEntry[] =>
  CHECKLIST_AREAS.map((area) => ({ area, labelZh: CHECKLIST_LABELS[area], result: 'pending', findings: [] }));

/** The areas still to examine before the inspection can be concluded. */
export const pendingAreas = (checklist: ChecklistEntry[]): ChecklistArea[] => checklist.filter((c) => c.result === 'pending').map((c) => c.area);
