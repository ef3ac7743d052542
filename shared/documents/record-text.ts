/**
 * What the mappers from records to official documents (from-records.ts) share: the error for a
 * record that is not yet a document, and the handling of text the system wrote for screens
 * (letter bodies) before it goes into a document. Pure.
 */
import { ConflictError } from '../errors.ts';
import { chineseDate, OfficialDocumentError } from './official-document.ts';

/**
 * Why a record cannot be printed yet: the matter is not issued, the letter not delivered, the
 * plan not approved. Each is a state the user can see and wait out, not a bug, so it is a
 * conflict (409) with its own code, for the route that serves the document to answer.
 * NOT_ISSUED is in shared/error-codes.ts already; the others are to be listed there with the
 * route that first answers them.
 */
export type NotReadyCode = 'NOT_ISSUED' | 'NOT_DELIVERED' | 'NOT_APPROVED' | 'NOT_ON_ROLL' | 'NO_CARD';

export class DocumentNotReadyError extends ConflictError {
  override readonly code: NotReadyCode;
  constructor(message: string, messageZh: string, code: NotReadyCode) {
    super(message, messageZh, code);
    this.code = code;
  }
}

/**
 * ISO dates in text written for screens (请于 2027-01-19 前) as a document writes them
 * (请于2027年1月19日前): the spaces that set the digits off the Chinese go with them. A string
 * that only looks like a date is left as it is.
 */
export const isoDatesInChinese = (text: string): string =>
  text.replace(/ ?(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d) ?/g, (whole, iso: string) => {
    try {
      return chineseDate(iso);
    } catch (e) {
      if (e instanceof OfficialDocumentError) return whole;
      throw e;
    }
  });

/** The non-blank lines of a body, trimmed. */
export const linesOf = (text: string): string[] =>
  text
    .split(/\r\n?|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

/**
 * A letter body the system wrote with its salutation (市教育局：, 赵明同志：) on the first line:
 * the salutation is the document's 主送 (the renderer prints it, with its colon), so it is taken
 * off the body when it is the expected one, and kept as text when it is not.
 */
export const withoutSalutation = (lines: readonly string[], addressee: string): string[] => {
  const first = lines[0]?.replace(/[:：]$/u, '');
  return first !== undefined && first !== lines[0] && first.trim() === addressee ? lines.slice(1) : [...lines];
};

/** Items named in running text, joined with 、 (顿号). */
export const enumerate = (items: readonly string[]): string => items.join('、');
