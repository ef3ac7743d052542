/**
 * The model of an official document (公文) as GB/T 9704-2012 lays it out: 版头 (copy number,
 * classification, urgency, issuing authority mark, document number), 主体 (title, addressee,
 * body, attachment note, signature, date, note) and 版记 (抄送, 印发机关 and 印发日期). Routes map
 * their records (批复, 督办函, 告知函, 核准使用编制通知单, 编制卡) to it; official-docx.ts renders it.
 *
 * The model holds what a clerk would type, not how it is set: no numbering of headings, no
 * colons or brackets the standard adds, dates as YYYY-MM-DD. So a mapping never formats text
 * and the layout rules live in one place. Pure: no I/O.
 */

/** 紧急程度: the two the standard names. */
export type Urgency = '特急' | '加急';

/**
 * 正文's blocks, in order. Text may come from users: the renderer drops characters XML cannot
 * hold; a line end inside a paragraph starts a new paragraph (each indented two characters).
 */
export type BodyBlock =
  | { kind: 'paragraph'; text: string }
  /**
   * A heading of the first (一、 in 黑体) or second level (（一） in 楷体). `text` is without its
   * number: the renderer numbers them, the second level anew under each first-level heading.
   * `runIn` is body text that goes on in the same paragraph after the heading (（一）加强领导。正文…).
   */
  | { kind: 'heading'; level: 1 | 2; text: string; runIn?: string }
  /**
   * A simple table as wide as the text block: a header row and rows of as many cells.
   * `widths` are relative column widths (equal when left out).
   */
  | { kind: 'table'; header: readonly string[]; rows: readonly (readonly string[])[]; widths?: readonly number[] };

export interface OfficialDocument {
  /** 份号: the copy's serial number (1–999999), printed as six digits; secret documents have one. */
  copyNumber?: number;
  /** 密级和保密期限 as it is to be printed, e.g. '秘密★1年'. */
  classification?: string;
  urgency?: Urgency;
  /** 发文机关标志, e.g. '中共咸宁市委机构编制委员会办公室文件'. */
  authorityMark: string;
  /** 发文字号, e.g. '咸编发〔2026〕7号' (shared/domain/documents.ts writes them). */
  documentNumber: string;
  /** 标题; a line end breaks the title where a clerk wants it broken (the standard asks for whole words per line). */
  title: string;
  /** 主送机关 without the colon the renderer adds; left out for a document with none. */
  addressee?: string;
  body: readonly BodyBlock[];
  /** 附件说明: the attachments' names, without numbers or final punctuation. */
  attachments?: readonly string[];
  /** 署名: the issuing authority's name. */
  signature: string;
  /** 成文日期 as YYYY-MM-DD, printed 2026年11月30日. */
  date: string;
  /**
   * Whether the document is to be stamped with a seal (加盖印章): the signature is then centred
   * over a date set four characters from the right, with room left for the seal (GB/T 9704
   * 7.3.5.1); otherwise signature and date are set as for a document without a seal (7.3.5.2).
   */
  sealed?: boolean;
  /** 附注 without its brackets, e.g. '此件公开发布'. */
  note?: string;
  /** 抄送机关, in order. */
  copyTo?: readonly string[];
  /** 印发机关 and 印发日期 (YYYY-MM-DD). */
  printing?: { authority: string; date: string };
}

/** What is a programming error in a model (a mapping's bug, not a user's input) throws this. */
export class OfficialDocumentError extends Error {
  override name = 'OfficialDocumentError';
}

/** '2026-11-30' → '2026年11月30日': Arabic numerals, month and day without a leading zero (GB/T 9704 7.3.5). */
export const chineseDate = (isoDate: string): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (!m || d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    throw new OfficialDocumentError(`not a date (YYYY-MM-DD): ${JSON.stringify(isoDate)}`);
  }
  return `${year}年${month}月${day}日`;
};

const DIGITS = '〇一二三四五六七八九';

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九: the numbers of headings. */
export const chineseNumeral = (n: number): string => {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new OfficialDocumentError(`a heading number must be 1–99, not ${n}`);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return (tens ? `${tens > 1 ? DIGITS[tens] : ''}十` : '') + (ones ? DIGITS[ones]! : '');
};
