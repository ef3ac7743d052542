/**
 * The office's letters as documents: the 督办函 the supervision section issues, and the 告知函
 * a new principal head receives. Both are 函 of the 咸编办发 series, so they carry the office's
 * name alone as their mark (信函格式, GB/T 9704 10.1) and no 印发 line. Their bodies are the
 * words the system wrote when it issued them (bodyZh), the record of what the unit was told;
 * only the salutation moves to 主送 and dates are written as a document writes them.
 */
import { type LetterKind, letterBodyZh } from '../domain/supervision/letters.ts';
import { notificationLetterBodyZh } from '../domain/supervision/notification-letters.ts';
import type { NotificationLetter, SupervisionLetter } from '../schemas/supervision.ts';
import { authorityOfNumber, OFFICE_SHORT_NAME } from './office.ts';
import { type BodyBlock, chineseDate, type OfficialDocument } from './official-document.ts';
import { DocumentNotReadyError, isoDatesInChinese, linesOf, withoutSalutation } from './record-text.ts';

/** An inspection finding's severity as the letter's table prints it (labels.ts has no vocabulary for it yet). */
export const SEVERITY_LABELS: Record<'minor' | 'serious', string> = { minor: '一般', serious: '严重' };

/** A letter writes up an inspection's findings when every item is one; otherwise overdue implementation items. */
export const letterKindOf = (letter: Pick<SupervisionLetter, 'items'>): LetterKind =>
  letter.items.length > 0 && letter.items.every((i) => i.inspectionId !== undefined) ? 'inspection' : 'overdue';

const TITLES: Record<LetterKind, string> = {
  overdue: '关于督促落实机构编制事项的督办函',
  inspection: '关于机构编制专项检查发现问题整改的督办函',
};

/** The items as a table (a clerk checks them off one by one), rather than the numbered lines of the screen text. */
function itemsTable(letter: SupervisionLetter, kind: LetterKind): BodyBlock {
  if (kind === 'inspection') {
    return {
      kind: 'table',
      header: ['序号', '问题', '严重程度'],
      rows: letter.items.map((item, n) => [String(n + 1), item.itemZh, item.severity ? SEVERITY_LABELS[item.severity] : '']),
      widths: [1, 8, 2],
    };
  }
  return {
    kind: 'table',
    header: ['序号', '事项', '落实事项', '原定期限'],
    rows: letter.items.map((item, n) => [String(n + 1), item.matterTitle ?? '', item.itemZh, item.dueDate ? chineseDate(item.dueDate) : '']),
    widths: [1, 5, 3, 3],
  };
}

// The numbered item lines of letterBodyZh (1. 「…」落实情况报告（期限 …）).
const ITEM_LINE = /^\d+[.．、]/u;

/**
 * The 督办函. The body is the letter's bodyZh (written again from the record by the rule that
 * wrote it, should it be empty), its numbered item lines replaced by the table of items in
 * their place; the rectification deadline is added when the text does not state it.
 */
export function supervisionLetterDocument(letter: SupervisionLetter): OfficialDocument {
  const office = authorityOfNumber(letter.number, 'office');
  const kind = letterKindOf(letter);
  const text = letter.bodyZh.trim() ? letter.bodyZh : letterBodyZh(letter.addresseeZh, letter.items, letter.rectifyBy, kind);
  const lines = withoutSalutation(linesOf(text), letter.addresseeZh).map(isoDatesInChinese);
  const deadline = chineseDate(letter.rectifyBy);
  if (!lines.some((line) => line.includes(deadline))) {
    lines.push(`请于${deadline}前整改到位，并将整改情况连同佐证材料报送${OFFICE_SHORT_NAME}监督检查科。`);
  }
  const firstItem = lines.findIndex((line) => ITEM_LINE.test(line));
  const at = firstItem >= 0 ? firstItem : Math.min(1, lines.length);
  const prose = lines.filter((line) => !ITEM_LINE.test(line));
  const paragraph = (t: string): BodyBlock => ({ kind: 'paragraph', text: t });
  const body: BodyBlock[] = [
    ...prose.slice(0, at).map(paragraph),
    ...(letter.items.length ? [itemsTable(letter, kind)] : []),
    ...prose.slice(at).map(paragraph),
  ];
  return {
    authorityMark: office.letterMark,
    documentNumber: letter.number,
    title: TITLES[kind],
    addressee: letter.addresseeZh,
    body,
    signature: office.name,
    date: letter.issuedOn,
    sealed: true,
  };
}

/**
 * The 告知函 to a unit's new principal head. Refused (NOT_DELIVERED) until the letter is
 * delivered: it takes its 咸编办发 number only then (shared/data/notification-letters.ts), and a
 * letter printed with the number left blank would be a numbered document nobody can find in the
 * register, handed to a head as if it were the one served. The pending letter's text is on the
 * screen (bodyZh) for whoever prepares the delivery.
 */
export function notificationLetterDocument(letter: Omit<NotificationLetter, 'overdue'>): OfficialDocument {
  if (letter.status !== 'delivered' || !letter.number || !letter.delivery) {
    throw new DocumentNotReadyError(
      `Notification letter ${letter.noticeId} is not delivered yet: it has no number`,
      '告知函尚未送达，还没有发文字号',
      'NOT_DELIVERED',
    );
  }
  const office = authorityOfNumber(letter.number, 'office');
  const addressee = `${letter.headName}同志`;
  const text = letter.bodyZh.trim() ? letter.bodyZh : notificationLetterBodyZh(letter.orgNameZh, letter.headName);
  const body = withoutSalutation(linesOf(text), addressee).map((line): BodyBlock => ({ kind: 'paragraph', text: isoDatesInChinese(line) }));
  return {
    authorityMark: office.letterMark,
    documentNumber: letter.number,
    title: '机构编制工作告知函',
    addressee,
    body,
    signature: office.name,
    // Dated the day it was served: the number is taken when the delivery is recorded, and the head is told on that day.
    date: letter.delivery.deliveredOn,
    sealed: true,
  };
}
