/**
 * 批复: the committee's approval document of an issued matter, from the matter record and the
 * name of the unit that asked (the record holds only its id). The change is said in words from
 * the record's structured change, so the document says exactly what the registry applied under
 * its number; the implementation items follow with their deadline, as the ledger holds them.
 */
import {
  FUNDING_FORM_LABELS,
  INSTITUTION_CATEGORY_LABELS,
  ORGANIZATION_KIND_LABELS,
  POST_GRADE_LABELS,
  POST_TRACK_LABELS,
  QUOTA_TYPE_LABELS,
} from '../domain/labels.ts';
import { IMPLEMENTATION_ITEM_LABELS } from '../domain/matters/implementation.ts';
import type { Matter } from '../schemas/matters.ts';
import { authorityOfNumber, COPY_RECIPIENT_NAMES, ISSUING_AUTHORITIES, OFFICE_SHORT_NAME } from './office.ts';
import { type BodyBlock, chineseDate, type OfficialDocument, OfficialDocumentError } from './official-document.ts';
import { DocumentNotReadyError, enumerate, linesOf } from './record-text.ts';

// A request names its unit as 我局, 我委…; the committee's reply names it.
const SELF_REFERENCE = /^关于我(?:单位|中心|局|委|办|厅|院|部|会|馆|所|站|队|校)/u;

/**
 * The reply's title from the request's: 关于…的请示 becomes 关于…的批复; any other title
 * (a 报告, a title without 的请示) becomes 关于同意…的批复 around what it asks. 我局 and the
 * like become the unit's name, since the committee is the one speaking.
 */
export const approvalTitle = (requestTitle: string, unitName: string): string => {
  const title = requestTitle
    .trim()
    .replace(/[。．.!！]+$/u, '')
    .replace(SELF_REFERENCE, `关于${unitName}`);
  if (/的请示$/u.test(title)) return title.replace(/请示$/u, '批复');
  const asked = title.replace(/^关于/u, '').replace(/的?(?:请示|报告|申请)$/u, '');
  return `关于同意${asked}的批复`;
};

const need = <T>(value: T | undefined, field: string, matter: Matter): T => {
  if (value === undefined) throw new OfficialDocumentError(`matter ${matter.matterId} (${matter.registryChange}) has no change.${field}`);
  return value;
};

/**
 * What the committee agrees to, as the sentence after 经研究，, and the request's own words
 * where the change is described rather than counted. A change without the fields its kind
 * needs was refused at intake, so one here is a bug, not something to word around.
 */
function agreement(matter: Matter, registryChange: Matter['registryChange'], unitName: string): { sentence: string; details: string[] } {
  const c = matter.change;
  const details = c.description ? linesOf(c.description) : [];
  switch (registryChange) {
    case 'increaseQuota':
      return { sentence: `同意为你单位增加${QUOTA_TYPE_LABELS[need(c.quotaType, 'quotaType', matter)]}${need(c.count, 'count', matter)}名。`, details: [] };
    case 'reduceQuota':
      return { sentence: `同意核减你单位${QUOTA_TYPE_LABELS[need(c.quotaType, 'quotaType', matter)]}${need(c.count, 'count', matter)}名。`, details: [] };
    case 'renameOrganization':
      // Not 同意<old>更名为<new>: after issue the registry (and so the caller's display name) has the new name already.
      return { sentence: `同意你单位更名为${need(c.name, 'name', matter)}。`, details: [] };
    case 'changePostQuota':
      // The approved number is what the track of that grade is set to, not an increment (matter-issue.ts).
      return {
        sentence: `同意核定你单位${POST_GRADE_LABELS[need(c.grade, 'grade', matter)]}${POST_TRACK_LABELS[need(c.track, 'track', matter)]}职数${need(c.count, 'count', matter)}名。`,
        details: [],
      };
    case 'setUpOrganization': {
      const kind = ORGANIZATION_KIND_LABELS[need(c.kind, 'kind', matter)];
      const managed = c.civilServiceManaged ? '（参照公务员法管理）' : '';
      const quota = c.quotaType && c.count ? `，核定${QUOTA_TYPE_LABELS[c.quotaType]}${c.count}名` : '';
      const category = c.institutionCategory ? `，${INSTITUTION_CATEGORY_LABELS[c.institutionCategory]}` : '';
      const units = c.internalUnits ? `，设${c.internalUnits.length}个内设机构：${c.internalUnits.join('、')}` : '';
      return {
        // The new unit is set up under the unit that asked (matter-issue.ts).
        sentence: `同意设立${need(c.name, 'name', matter)}，隶属你单位，机构类别为${kind}${managed}${category}，经费形式为${FUNDING_FORM_LABELS[need(c.fundingForm, 'fundingForm', matter)]}${quota}${units}。`,
        details: c.functions ? [...details, '主要职责：', ...linesOf(c.functions)] : details,
      };
    }
    case 'abolishOrganization':
      return { sentence: `同意撤销${unitName}。`, details };
    // What the unit's record now holds (matter-issue.ts) is what is agreed; a matter from before these were recorded words it by its description.
    case 'adjustFunctions':
      if (c.functions) return { sentence: '同意调整你单位主要职责。调整后，你单位主要职责为：', details: linesOf(c.functions) };
      break;
    case 'changeInternalUnits':
      if (c.internalUnits) {
        const units = c.internalUnits;
        return { sentence: `同意调整你单位内设机构。调整后，你单位设${units.length}个内设机构：${units.join('、')}。`, details: [] };
      }
      break;
    case 'changeInstitutionCategory':
      if (c.institutionCategory) return { sentence: `同意将${unitName}类别调整为${INSTITUTION_CATEGORY_LABELS[c.institutionCategory]}。`, details: [] };
      break;
  }
  // An adjustment (and an older matter of the kinds above): the registry does not hold it; the request's description is what is agreed.
  return { sentence: `同意你单位${matter.typeNameZh}事项。`, details: need(details.length ? details : undefined, 'description', matter) };
}

/** 经研究, or 经<date>会议研究（<minutes>） when the deliberation recorded its meeting. */
function studied(matter: Matter): string {
  const meeting = matter.deliberation?.details?.meeting as { date?: unknown; ref?: unknown } | undefined;
  if (typeof meeting?.date !== 'string') return '经研究';
  const ref = typeof meeting.ref === 'string' && meeting.ref.trim() ? `（${meeting.ref.trim()}）` : '';
  return `经${chineseDate(meeting.date)}会议研究${ref}`;
}

/** The deadline and what is to be done by then, from the ledger's items; none when the record has no implementation stage. */
function implementationParagraph(matter: Matter): string | undefined {
  const impl = matter.implementation;
  if (!impl?.items.length) return undefined;
  const due = chineseDate(impl.dueDate);
  const work = impl.items.filter((i) => i !== 'implementationReport').map((i) => IMPLEMENTATION_ITEM_LABELS[i]);
  const report = impl.items.includes('implementationReport') ? `将落实情况书面报告${OFFICE_SHORT_NAME}` : '';
  if (!work.length) return `请你单位抓好组织实施，并于${due}前${report}。`;
  return `请你单位抓好组织实施，于${due}前完成${enumerate(work)}工作${report ? `，并${report}` : ''}。`;
}

/**
 * The 批复 of an issued matter. `unitName` is the name the unit is addressed by (主送). Throws
 * DocumentNotReadyError (NOT_ISSUED) for a matter without its document: an approval has no
 * number, date or authority before it is issued, and a draft must not look like the document.
 */
export function approvalDocument(matter: Matter, unitName: string): OfficialDocument {
  const doc = matter.document;
  if (!doc) {
    throw new DocumentNotReadyError(`Matter ${matter.matterId} has no approval document yet`, '事项尚未批复发文，没有批复文件', 'NOT_ISSUED');
  }
  const committee = authorityOfNumber(doc.number, 'committee');
  const { sentence, details } = agreement(matter, doc.registryChange, unitName);
  const implementation = implementationParagraph(matter);
  const body: BodyBlock[] = [
    { kind: 'paragraph', text: `你单位《${matter.title}》收悉。${studied(matter)}，${sentence}` },
    ...details.map((text): BodyBlock => ({ kind: 'paragraph', text })),
    ...(implementation ? [{ kind: 'paragraph', text: implementation } as const] : []),
    { kind: 'paragraph', text: '此复。' },
  ];
  const copyTo = (doc.copies ?? []).map((copy) => {
    if (!Object.hasOwn(COPY_RECIPIENT_NAMES, copy.sectionId)) {
      throw new OfficialDocumentError(`matter ${matter.matterId} is copied to ${copy.sectionId}, which has no 抄送 name`);
    }
    return COPY_RECIPIENT_NAMES[copy.sectionId as keyof typeof COPY_RECIPIENT_NAMES];
  });
  return {
    authorityMark: committee.documentMark,
    documentNumber: doc.number,
    title: approvalTitle(matter.title, unitName),
    addressee: unitName,
    body,
    signature: committee.name,
    date: doc.issuedOn,
    sealed: true,
    ...(copyTo.length ? { copyTo } : {}),
    // The committee's documents are printed by its office.
    printing: { authority: ISSUING_AUTHORITIES.office.name, date: doc.issuedOn },
  };
}
