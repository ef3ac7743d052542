/**
 * Supervision letters (督办函, R-SUP-1): when implementation items of an issued matter pass their
 * deadline, the supervision section writes to the unit, naming the items and a date by which
 * they are to be rectified. While a letter is not verified as rectified, the unit's new plans
 * and matters are refused at pre-review. Pure rules; the letter is written by
 * shared/data/supervision-letters.ts.
 */

/** Working days a unit has to rectify, counted from the day the letter is issued. */
export const RECTIFICATION_WORKING_DAYS = 10;

/** At most this many items go into one letter (one transaction); the rest go into the next day's letter. */
export const MAX_ITEMS_PER_LETTER = 80;

/**
 * A letter's life: open (issued, waiting for the unit) → reported (the unit reported its
 * rectification) → rectified (the supervision section verified it); a report found wanting
 * sends it back to open with the reason.
 */
export const LETTER_STATUSES = ['open', 'reported', 'rectified'] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];

/** Statuses in which a letter blocks the unit's new plans and matters. */
export const BLOCKING_LETTER_STATUSES: readonly LetterStatus[] = ['open', 'reported'];

export interface OverdueCandidate {
  matterId: string;
  orgId: string;
  item: string;
  dueDate: string;
  status: string;
  letterId?: string;
}

/**
 * The items a letter is due for as of `today`, by unit: open, past their deadline (the deadline
 * day itself still counts as in time), not in a letter yet. Units and items come in a stable
 * order, and a unit's items beyond MAX_ITEMS_PER_LETTER wait for the next run.
 */
export const lettersDue = <T extends OverdueCandidate>(items: T[], today: string): { orgId: string; items: T[] }[] => {
  const byOrg = new Map<string, T[]>();
  for (const i of items) {
    if (i.status !== 'open' || i.letterId || !(i.dueDate < today)) continue;
    byOrg.set(i.orgId, [...(byOrg.get(i.orgId) ?? []), i]);
  }
  return [...byOrg.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([orgId, list]) => ({
      orgId,
      items: list
        .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.matterId.localeCompare(b.matterId) || a.item.localeCompare(b.item))
        .slice(0, MAX_ITEMS_PER_LETTER),
    }));
};

/** The reason pre-review gives while a letter is open, in both languages. */
export const letterBlockReason = (number: string, rectifyBy: string) => ({
  kind: 'openLetter',
  reason: `supervision letter ${number} is not rectified (due ${rectifyBy})`,
  reasonZh: `督办函 ${number} 尚未整改到位（整改期限 ${rectifyBy}）`,
});

/** What a letter writes up: implementation items past their deadline, or the findings of an inspection. */
export type LetterKind = 'overdue' | 'inspection';

/** The letter's body: what is wrong, and by when it is to be put right. */
export const letterBodyZh = (
  orgName: string,
  items: { itemZh: string; matterTitle?: string; dueDate?: string }[],
  rectifyBy: string,
  kind: LetterKind = 'overdue',
): string =>
  [
    `${orgName}：`,
    kind === 'overdue' ? '经查，你单位下列机构编制事项落实工作已超过规定期限：' : '经机构编制专项检查，你单位存在下列问题，现按清单督办：',
    ...items.map((i, n) => `${n + 1}. ${i.matterTitle ? `「${i.matterTitle}」` : ''}${i.itemZh}${i.dueDate ? `（期限 ${i.dueDate}）` : ''}`),
    `请于 ${rectifyBy} 前整改到位，并将整改情况连同佐证材料报送市委编办监督检查科。整改到位前，暂停受理你单位新的机构编制事项和用编计划。`,
  ].join('\n');
