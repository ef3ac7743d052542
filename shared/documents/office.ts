/**
 * The office's fixed names as its documents print them: the issuing authorities of each series
 * of document numbers (shared/domain/documents.ts), and the bodies an approval document is
 * copied to. One place, so that a renamed body is renamed in every document at once; the
 * records hold codes (series prefixes, section ids), never these names.
 */
import { ISSUING_FORMS, type IssuingForm } from '../domain/documents.ts';
import type { COPY_RECIPIENTS } from '../domain/matters/implementation.ts';
import { OfficialDocumentError } from './official-document.ts';

export const COMMITTEE_NAME = '中共咸宁市委机构编制委员会';
export const OFFICE_NAME = '中共咸宁市委机构编制委员会办公室';
/** How documents refer to the office in running text (报送市委编办). */
export const OFFICE_SHORT_NAME = '市委编办';

export interface IssuingAuthority {
  /** 署名 and 印发机关. */
  name: string;
  /** 发文机关标志 of a document in 文件格式 (GB/T 9704 7.2.3): the name followed by 文件. */
  documentMark: string;
  /**
   * 发文机关标志 of a 函 (信函格式, GB/T 9704 10.1): the name alone. The letters and notices go
   * out under it; only the committee's approvals are 文件.
   */
  letterMark: string;
}

const authority = (name: string): IssuingAuthority => ({ name, documentMark: `${name}文件`, letterMark: name });

/** Who issues each series: the committee its 咸编发 approvals, the office its 咸编办发 letters and 咸编用 notices. */
export const ISSUING_AUTHORITIES: Record<IssuingForm, IssuingAuthority> = {
  committee: authority(COMMITTEE_NAME),
  office: authority(OFFICE_NAME),
  staffingNotice: authority(OFFICE_NAME),
};

/**
 * 抄送 names of the recipients every approval document is copied to (COPY_RECIPIENTS). The
 * supervision section is the office's own, so it is named with the office; the registration
 * bureau and the e-government centre are bodies of their own, named as the city's.
 */
export const COPY_RECIPIENT_NAMES: Record<(typeof COPY_RECIPIENTS)[number]['sectionId'], string> = {
  'supervision-section': `${OFFICE_SHORT_NAME}监督检查科`,
  'registration-bureau': '市事业单位登记管理局',
  'egov-center': '市电子政务中心',
};

/**
 * The authority of a document number, checked against the series the document must be in: a
 * record whose number is of another series is a bug of whoever numbered it, and printing the
 * committee's mark over an office number (or the reverse) would misstate who decided.
 */
export const authorityOfNumber = (documentNumber: string, form: IssuingForm): IssuingAuthority => {
  if (!documentNumber.startsWith(`${ISSUING_FORMS[form]}〔`)) {
    throw new OfficialDocumentError(`${JSON.stringify(documentNumber)} is not a number of the ${ISSUING_FORMS[form]} series`);
  }
  return ISSUING_AUTHORITIES[form];
};
