/**
 * The nightly reconciliation (R-SUP-4): a unit's counters recomputed from the records they
 * summarize, and the differences named. On-roll and posts held come from the roster, reserved
 * slots from the approval notices of its plans; vacancies follow from the quotas. Quotas and
 * post quotas are facts set by documents, not sums, so they are taken as the counter holds them.
 */
import { type Establishment, POST_GRADES, POST_TRACKS, type PostCounts, zeroCounts, zeroPostCounts } from '../registry/establishment.ts';
import { QUOTA_TYPES, type QuotaType } from '../registry/rules.ts';

export interface RosterRecord {
  status: string;
  quotaType: QuotaType;
  postGrade?: string;
  postTrack?: string;
}

export interface PlanRecord {
  status: string;
  quotaType: QuotaType;
  notice?: { reserved: number; used: number; released?: number };
}

export interface Drift {
  orgId: string;
  /** `onRoll.administrative`, `postUsed.sectionChief.leader`… */
  field: string;
  counter: number;
  records: number;
}

/** What the counters should say, from the records. */
export const expectedCounters = (counter: Establishment, people: RosterRecord[], plans: PlanRecord[]): Establishment => {
  const onRoll = zeroCounts();
  const reserved = zeroCounts();
  const postUsed: PostCounts = zeroPostCounts();
  for (const p of people) {
    if (p.status !== 'onRoll') continue;
    onRoll[p.quotaType]++;
    const g = p.postGrade as keyof PostCounts | undefined;
    if (g && postUsed[g] && (p.postTrack === 'leader' || p.postTrack === 'nonLeader')) postUsed[g][p.postTrack]++;
  }
  for (const plan of plans) {
    if (!plan.notice) continue;
    reserved[plan.quotaType] += Math.max(0, plan.notice.reserved - plan.notice.used - (plan.notice.released ?? 0));
  }
  const postQuota = counter.postQuota ?? zeroPostCounts();
  return {
    quota: counter.quota,
    onRoll,
    reserved,
    vacancy: Object.fromEntries(QUOTA_TYPES.map((t) => [t, counter.quota[t] - onRoll[t] - reserved[t]])) as Establishment['vacancy'],
    postQuota,
    postUsed,
    postVacancy: Object.fromEntries(
      POST_GRADES.map((g) => [g, Object.fromEntries(POST_TRACKS.map((k) => [k, postQuota[g][k] - postUsed[g][k]]))]),
    ) as unknown as PostCounts,
  };
};

/** Every count on which the counter and the records disagree. */
export const driftOf = (orgId: string, counter: Establishment, expected: Establishment): Drift[] => {
  const out: Drift[] = [];
  for (const field of ['onRoll', 'reserved', 'vacancy'] as const) {
    for (const t of QUOTA_TYPES) {
      const c = counter[field][t] ?? 0;
      if (c !== expected[field][t]) out.push({ orgId, field: `${field}.${t}`, counter: c, records: expected[field][t] });
    }
  }
  for (const field of ['postUsed', 'postVacancy'] as const) {
    for (const g of POST_GRADES) {
      for (const k of POST_TRACKS) {
        const c = counter[field]?.[g]?.[k] ?? 0;
        const e = expected[field]![g][k];
        if (c !== e) out.push({ orgId, field: `${field}.${g}.${k}`, counter: c, records: e });
      }
    }
  }
  return out;
};
