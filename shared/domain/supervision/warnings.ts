/**
 * Early warnings (预警, R-SUP-4) as a pure function of a unit's counters: over-establishment
 * (超编: on-roll + reserved above the approved quota of a type) and over-post-quota
 * (超职数配备: a grade's leader or non-leader posts filled above their quota). Each warning has a
 * code that names what it is about, so it is raised once, updated while it lasts, and closed
 * when the counters no longer show it.
 */

import { QUOTA_TYPE_LABELS } from '../labels.ts';
import { type Establishment, overPostQuota, overQuotaTypes, zeroPostCounts } from '../registry/establishment.ts';

export const WARNING_KINDS = ['overQuota', 'overPostQuota'] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];

const GRADE_LABELS: Record<string, string> = { countyChief: '正县级', countyDeputy: '副县级', sectionChief: '正科级', sectionDeputy: '副科级' };
const TRACK_LABELS: Record<string, string> = { leader: '领导职务', nonLeader: '职级' };

export interface Warning {
  /** `overQuota#<quotaType>` or `overPostQuota#<grade>#<track>`: one open warning per code and unit. */
  code: string;
  kind: WarningKind;
  approved: number;
  used: number;
  overBy: number;
  message: string;
  messageZh: string;
}

/** The warnings a unit's counters show now. */
export const warningsOf = (e: Establishment): Warning[] => [
  ...overQuotaTypes(e).map((t) => {
    const used = e.onRoll[t] + e.reserved[t];
    return {
      code: `overQuota#${t}`,
      kind: 'overQuota' as const,
      approved: e.quota[t],
      used,
      overBy: -e.vacancy[t],
      message: `${t}: ${used} on the roll or reserved against ${e.quota[t]} approved (over by ${-e.vacancy[t]})`,
      messageZh: `超编：${QUOTA_TYPE_LABELS[t]}核定 ${e.quota[t]} 名，实有（含核准未入编）${used} 名，超出 ${-e.vacancy[t]} 名`,
    };
  }),
  ...overPostQuota(e.postVacancy).map(({ grade, track }) => {
    const approved = (e.postQuota ?? zeroPostCounts())[grade][track];
    const used = (e.postUsed ?? zeroPostCounts())[grade][track];
    const overBy = -(e.postVacancy ?? zeroPostCounts())[grade][track];
    return {
      code: `overPostQuota#${grade}#${track}`,
      kind: 'overPostQuota' as const,
      approved,
      used,
      overBy,
      message: `${grade} ${track} posts: ${used} filled against ${approved} approved (over by ${overBy})`,
      messageZh: `超职数配备：${GRADE_LABELS[grade]}${TRACK_LABELS[track]}核定 ${approved} 名，实配 ${used} 名，超出 ${overBy} 名`,
    };
  }),
];

/** The open warnings the counters no longer show: to be closed (every warning they do show is raised or updated). */
export const endedWarnings = (open: { code: string }[], now: Warning[]): string[] => {
  const current = new Set(now.map((w) => w.code));
  return open.map((o) => o.code).filter((c) => !current.has(c));
};
