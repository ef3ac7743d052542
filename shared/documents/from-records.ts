/**
 * Mappers from the system's records to official documents (official-document.ts), one per
 * document, each from the record alone plus the office's fixed names (office.ts) and, where the
 * record holds only a unit's id, the unit's name:
 * - 批复: approvalDocument(matter, unitName), of an issued matter (咸编发, the committee's);
 * - 督办函: supervisionLetterDocument(letter) (咸编办发);
 * - 告知函: notificationLetterDocument(letter), once delivered (咸编办发);
 * - 核准使用编制通知单: staffingNoticeDocument(plan, unitName), of an approved plan (咸编用);
 * - 编制卡: establishmentCardDocument(org, asAt), not a numbered document.
 * A record that is not a document yet throws DocumentNotReadyError (a 409 with its code); a
 * record no document can be made of (a change without its fields, a number of the wrong series)
 * throws OfficialDocumentError, a bug. Pure: renderOfficialDocx (official-docx.ts) makes the file.
 */
export { approvalDocument, approvalTitle } from './approval-document.ts';
export { establishmentCardDocument } from './establishment-card.ts';
export { letterKindOf, notificationLetterDocument, SEVERITY_LABELS, supervisionLetterDocument } from './letter-documents.ts';
export { personCardDocument } from './person-card.ts';
export { DocumentNotReadyError, type NotReadyCode } from './record-text.ts';
export { staffingNoticeDocument } from './staffing-notice.ts';
