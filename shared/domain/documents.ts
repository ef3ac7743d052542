/**
 * 发文字号 (GB/T 9704): 机关代字 + 〔year〕 + number + 号, no leading zeros, no 第. Each issuing
 * form numbers its own documents from 1 every year.
 */
export const ISSUING_FORMS = {
  /** 市委机构编制委员会 documents (approvals of matters). */
  committee: '咸编发',
  /** 市委编办 documents (office letters, replies). */
  office: '咸编办发',
  /** 核准使用编制通知单 (staffing-plan approval notices). */
  staffingNotice: '咸编用',
} as const;
export type IssuingForm = keyof typeof ISSUING_FORMS;

export const documentNumber = (form: IssuingForm, year: number, n: number): string => `${ISSUING_FORMS[form]}〔${year}〕${n}号`;
