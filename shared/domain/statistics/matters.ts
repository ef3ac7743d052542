/**
 * Matters by stage and overdue (R-EXT-4), from the open matters' index: how many wait in each
 * stage, and how many of those are past the stage's due date (the day itself is still in time).
 */
import { MATTER_STATUS_LABELS } from '../labels.ts';

export interface OpenMatter {
  matterId: string;
  orgId: string;
  departmentId: string;
  status: string;
  title: string;
  due?: Record<string, { dueDate: string }>;
}

export interface MatterStage {
  status: string;
  labelZh: string;
  open: number;
  overdue: number;
}

export interface MatterStatistics {
  open: number;
  overdue: number;
  byStage: MatterStage[];
  /** The overdue matters, longest overdue first. */
  overdueMatters: { matterId: string; orgId: string; title: string; status: string; dueDate: string }[];
}

const ORDER = ['submitted', 'preReview', 'proposal', 'argumentation', 'deliberation'];

export const matterStatistics = (matters: OpenMatter[], today: string): MatterStatistics => {
  const byStage = new Map<string, MatterStage>(
    ORDER.map((s) => [s, { status: s, labelZh: MATTER_STATUS_LABELS[s as keyof typeof MATTER_STATUS_LABELS], open: 0, overdue: 0 }]),
  );
  const overdueMatters: MatterStatistics['overdueMatters'] = [];
  for (const m of matters) {
    const stage = byStage.get(m.status);
    if (!stage) continue;
    stage.open++;
    const dueDate = m.due?.[m.status]?.dueDate;
    if (dueDate && dueDate < today) {
      stage.overdue++;
      overdueMatters.push({ matterId: m.matterId, orgId: m.orgId, title: m.title, status: m.status, dueDate });
    }
  }
  const stages = [...byStage.values()];
  overdueMatters.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.matterId.localeCompare(b.matterId));
  return { open: stages.reduce((n, s) => n + s.open, 0), overdue: overdueMatters.length, byStage: stages, overdueMatters };
};
