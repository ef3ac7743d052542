/**
 * Messages of our own rules, in both languages. A schema names a message by key (`msg('…')`);
 * parseOrThrow turns the key into the English and the Chinese text.
 */
const MESSAGES = {
  userIdFormat: {
    en: 'lowercase letters, digits, dot, underscore or hyphen; 2–63 characters',
    zh: '只能包含小写字母、数字、点、下划线或连字符，长度 2–63',
  },
  requiredForDepartment: { en: 'required for the department role', zh: '申报单位角色必须填写所属单位' },
  catalogCode: { en: 'letters, digits and hyphens, starting with a letter; 2–40 characters', zh: '只能包含字母、数字和连字符，以字母开头，长度 2–40' },
  orgIdFormat: { en: 'lowercase letters, digits and hyphens; 2–40 characters', zh: '只能包含小写字母、数字和连字符，长度 2–40' },
  dateFormat: { en: 'must be a date as YYYY-MM-DD', zh: '日期应写成“年-月-日”，如 2026-03-01' },
  realDate: { en: 'is not a real date', zh: '不是有效日期' },
  calendarYearFormat: { en: 'must be a year as four digits, 2000–2099', zh: '年份应为四位数字，2000–2099' },
  controlCharacter: { en: 'must not contain control characters (NUL, tab, line breaks, DEL, C1)', zh: '不能包含控制字符（空字符、制表符、换行符等）' },
  bidiControl: {
    en: 'must not contain bidirectional text controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)',
    zh: '不能包含双向文本控制字符（如 U+202E）',
  },
  loneSurrogate: { en: 'is not well-formed Unicode text (a lone surrogate)', zh: '不是有效的 Unicode 文本（含孤立的代理码元）' },
  importFileName: { en: 'must end in .csv or .xlsx', zh: '文件名应以 .csv 或 .xlsx 结尾' },
  blank: { en: 'must contain visible text, not only spaces or invisible characters', zh: '不能只有空格或不可见字符' },
  documentNumberFormat: { en: 'must be a document number as GB/T 9704 writes it, e.g. 咸编发〔2026〕7号', zh: '应为规范的发文字号，如 咸编发〔2026〕7号' },
} as const;

export type MessageKey = keyof typeof MESSAGES;
const PREFIX = 'msg:';

export const msg = (key: MessageKey): string => `${PREFIX}${key}`;

export const translate = (message: string): { en: string; zh: string } | undefined => {
  if (!message.startsWith(PREFIX)) return undefined;
  return MESSAGES[message.slice(PREFIX.length) as MessageKey];
};
