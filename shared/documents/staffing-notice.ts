/**
 * 核准使用编制通知单: the office's notice of an approved staffing plan, from the plan record and
 * the unit's name (the record holds only its id). It is numbered in its own series (咸编用) and
 * goes out under the office's name, as a 函 does (no 文件, no 印发 line).
 */
import { labelIn, PLAN_CHANNEL_LABELS, QUOTA_TYPE_LABELS } from '../domain/labels.ts';
import { noticeIssuedOn } from '../domain/plans/rules.ts';
import type { Plan } from '../schemas/plans.ts';
import { authorityOfNumber } from './office.ts';
import { chineseDate, type OfficialDocument } from './official-document.ts';
import { DocumentNotReadyError } from './record-text.ts';

/**
 * The notice of a plan that has one: approved, or lapsed since (a lapsed notice is still the
 * document that was issued; it is printed as it was, with a note that it has lapsed). Refused
 * (NOT_APPROVED) for a plan without a notice. The number approved is what the notice reserved,
 * which is the count the plan was approved for; the date is the day the notice was issued,
 * which the record keeps as its validity (noticeIssuedOn).
 */
export function staffingNoticeDocument(plan: Plan, unitName: string): OfficialDocument {
  const notice = plan.notice;
  if (!notice) {
    throw new DocumentNotReadyError(`Plan ${plan.planId} is not approved: it has no notice`, '用编计划尚未核准，没有核准使用编制通知单', 'NOT_APPROVED');
  }
  const office = authorityOfNumber(notice.number, 'staffingNotice');
  const quotaType = QUOTA_TYPE_LABELS[plan.quotaType];
  const validUntil = chineseDate(notice.validUntil);
  const channel = labelIn(PLAN_CHANNEL_LABELS, plan.channel, '');
  return {
    authorityMark: office.letterMark,
    documentNumber: notice.number,
    title: '核准使用编制通知单',
    addressee: unitName,
    body: [
      {
        kind: 'paragraph',
        text: `经审核，同意你单位使用${quotaType}${notice.reserved}名${channel ? `，通过${channel}补充人员` : ''}。`,
      },
      {
        kind: 'table',
        header: ['单位', '编制类型', '核准使用数', '有效期至', '文号'],
        rows: [[unitName, quotaType, String(notice.reserved), validUntil, notice.number]],
        widths: [4, 3, 2, 3, 4],
      },
      {
        kind: 'paragraph',
        // The last valid day, not a count of days: validUntil is the day itself (noticeValidUntil).
        text: `本通知单有效期至${validUntil}，逾期未使用的编制名额自动收回。请在有效期内按规定办理人员上编手续。`,
      },
    ],
    signature: office.name,
    date: noticeIssuedOn(notice.validUntil),
    sealed: true,
    ...(plan.status === 'lapsed' ? { note: `本通知单已过有效期${notice.released ? `，未使用的${notice.released}名编制已收回` : ''}` } : {}),
  };
}
