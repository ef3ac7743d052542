/**
 * Establishment counters of one organization, as pure functions. Vacancy = quota − on-roll −
 * reserved is kept as its own counter, changed in the same update as the others, because a
 * DynamoDB condition cannot do arithmetic: intake is conditioned on `vacancy ≥ 1`.
 */
import { QUOTA_TYPES, type QuotaType } from './rules.ts';

export type Counts = Record<QuotaType, number>;

/** Leadership post grades of municipal bodies (正县级, 副县级, 正科级, 副科级). */
export const POST_GRADES = ['countyChief', 'countyDeputy', 'sectionChief', 'sectionDeputy'] as const;
export type PostGrade = (typeof POST_GRADES)[number];
/** 领导职务 (leader) and 职级 (non-leader) are approved and counted apart. */
export const POST_TRACKS = ['leader', 'nonLeader'] as const;
export type PostTrack = (typeof POST_TRACKS)[number];
export type PostCounts = Record<PostGrade, Record<PostTrack, number>>;

export const zeroPostCounts = (): PostCounts => Object.fromEntries(POST_GRADES.map((g) => [g, { leader: 0, nonLeader: 0 }])) as PostCounts;

/** Post grades and tracks filled above their post quota (超职数配备). */
export const overPostQuota = (postVacancy: PostCounts | undefined): { grade: PostGrade; track: PostTrack }[] =>
  POST_GRADES.flatMap((grade) => POST_TRACKS.filter((track) => (postVacancy?.[grade]?.[track] ?? 0) < 0).map((track) => ({ grade, track })));
export interface Establishment {
  quota: Counts;
  onRoll: Counts;
  reserved: Counts;
  vacancy: Counts;
  postQuota?: PostCounts;
  postUsed?: PostCounts;
  postVacancy?: PostCounts;
}

export const zeroCounts = (): Counts => Object.fromEntries(QUOTA_TYPES.map((t) => [t, 0])) as Counts;

export const emptyEstablishment = (): Establishment => ({
  quota: zeroCounts(),
  onRoll: zeroCounts(),
  reserved: zeroCounts(),
  vacancy: zeroCounts(),
  postQuota: zeroPostCounts(),
  postUsed: zeroPostCounts(),
  postVacancy: zeroPostCounts(),
});

/** The counts of a counter item, without its keys and chain head (for snapshots and audit). */
export const establishmentOf = (c: Establishment): Establishment => ({
  quota: c.quota,
  onRoll: c.onRoll,
  reserved: c.reserved,
  vacancy: c.vacancy,
  postQuota: c.postQuota ?? zeroPostCounts(),
  postUsed: c.postUsed ?? zeroPostCounts(),
  postVacancy: c.postVacancy ?? zeroPostCounts(),
});

/** Update clauses that give back a post someone held (used −1, vacancy +1), under attribute-name aliases `#<alias>g`/`#<alias>k`. */
export const releasePost = (post: { grade: string; track: string }, alias: string) => ({
  set: [
    `postUsed.#${alias}g.#${alias}k = postUsed.#${alias}g.#${alias}k - :one`,
    `postVacancy.#${alias}g.#${alias}k = postVacancy.#${alias}g.#${alias}k + :one`,
  ],
  names: { [`#${alias}g`]: post.grade, [`#${alias}k`]: post.track },
});

/** Types where on-roll + reserved exceed the approved quota (超编). */
export const overQuotaTypes = (e: Establishment): QuotaType[] => QUOTA_TYPES.filter((t) => e.vacancy[t] < 0);

export interface QuotaChange {
  delta: number;
  vacancyAfter: number;
  /** How many people above quota the unit stands after the change (0 if within). */
  overBy: number;
}

export const quotaChange = (e: Establishment, type: QuotaType, approved: number): QuotaChange => {
  const delta = approved - e.quota[type];
  const vacancyAfter = e.vacancy[type] + delta;
  return { delta, vacancyAfter, overBy: Math.max(0, -vacancyAfter) };
};
