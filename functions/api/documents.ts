/**
 * Official documents (.docx, GB/T 9704), each drawn from its record alone (shared/documents/):
 * the handler reads the record (and, where the record names a unit by id only, the unit's name)
 * and serves the rendered bytes. A record that is not a document yet answers 409 with why.
 */

import { recordOf, type StoredItem } from '../../shared/data/keys.ts';
import { notificationLettersRepo } from '../../shared/data/notification-letters.ts';
import { requireOrgOfItems } from '../../shared/data/org-read.ts';
import { present, registryRepo } from '../../shared/data/registry.ts';
import {
  approvalDocument,
  establishmentCardDocument,
  notificationLetterDocument,
  personCardDocument,
  staffingNoticeDocument,
  supervisionLetterDocument,
} from '../../shared/documents/from-records.ts';
import { type OfficialDocument, OfficialDocumentError } from '../../shared/documents/official-document.ts';
import { renderOfficialDocx } from '../../shared/documents/official-docx.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { ConflictError, fieldIssue, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { apiHandler } from '../../shared/http/api-handler.ts';
import { attachmentHeaders } from '../../shared/http/attachment.ts';
import { logger } from '../../shared/log.ts';
import { documentsRoutes } from '../../shared/routes/documents.ts';
import type { Matter } from '../../shared/schemas/matters.ts';
import type { Plan } from '../../shared/schemas/plans.ts';
import type { Person } from '../../shared/schemas/registry.ts';
import type { SupervisionLetter } from '../../shared/schemas/supervision.ts';

const required = <T>(item: StoredItem | undefined, what: string, whatZh: string, id: string): T => {
  if (!item) throw new NotFoundError(`No ${what} ${id}`, `没有${whatZh} ${id}`);
  return recordOf<T>(item);
};

/** The unit's name as the registry has it now (a record names its unit by id). */
const unitName = async (orgId: string) => (await registryRepo.getOrg(orgId))?.org.name ?? orgId;

const docxReply = async (doc: OfficialDocument, fileName: string) => ({
  raw: (await renderOfficialDocx(doc)).toString('base64'),
  isBase64Encoded: true,
  headers: attachmentHeaders(fileName, 'document.docx'),
});

/**
 * The document of a record, or why the record cannot be printed: one written before a field the
 * document needs was kept (a set-up matter without its new unit's kind) is the office's to look
 * at, not a server fault.
 */
const drawn = <T>(id: string, draw: () => T): T => {
  try {
    return draw();
  } catch (e) {
    if (!(e instanceof OfficialDocumentError)) throw e;
    logger.warn('a record could not be drawn as a document', { id, reason: e.message });
    throw new ConflictError(
      `${id} cannot be printed as a document: ${e.message}`,
      `${id} 缺少成文所需的信息，无法生成文书，请联系编办`,
      'DOCUMENT_UNAVAILABLE',
    );
  }
};

export const handler = apiHandler(documentsRoutes, {
  'GET /matters/{matterId}/document.docx': async (req) => {
    const matter = required<Matter>(req.prefetched.matter as StoredItem | undefined, 'matter', '机构编制事项', req.params.matterId);
    const name = await unitName(matter.orgId);
    const doc = drawn(matter.matterId, () => approvalDocument(matter, name));
    return docxReply(doc, `${matter.document?.number ?? matter.matterId}.docx`);
  },

  'GET /supervision-letters/{letterId}/document.docx': async (req) => {
    const letter = required<SupervisionLetter>(req.prefetched.letter as StoredItem | undefined, 'supervision letter', '督办函', req.params.letterId);
    return docxReply(
      drawn(letter.letterId, () => supervisionLetterDocument(letter)),
      `${letter.number}.docx`,
    );
  },

  'GET /organizations/{orgId}/notification-letters/{noticeId}/document.docx': async (req) => {
    const letter = await notificationLettersRepo.get(req.params.orgId, req.params.noticeId);
    if (!letter) throw new NotFoundError(`No notification letter ${req.params.noticeId}`, `没有告知函 ${req.params.noticeId}`);
    const doc = drawn(letter.noticeId, () => notificationLetterDocument(letter));
    return docxReply(doc, `${doc.documentNumber}.docx`);
  },

  'GET /plans/{planId}/notice.docx': async (req) => {
    const plan = required<Plan>(req.prefetched.plan as StoredItem | undefined, 'plan', '用编计划', req.params.planId);
    const name = await unitName(plan.orgId);
    const doc = drawn(plan.planId, () => staffingNoticeDocument(plan, name));
    return docxReply(doc, `${doc.documentNumber}.docx`);
  },

  'GET /people/{personId}/establishment-card.docx': async (req) => {
    const person = required<Person>(req.prefetched.person as StoredItem | undefined, 'person', '人员', req.params.personId);
    const name = await unitName(person.orgId);
    const doc = drawn(person.personId, () => personCardDocument(person, name, todayInShanghai()));
    return docxReply(doc, `${doc.documentNumber}.docx`);
  },

  'GET /organizations/{orgId}/establishment-card.docx': async (req) => {
    const found = requireOrgOfItems(req.prefetched.org, req.prefetched.counter, req.params.orgId);
    const today = todayInShanghai();
    const asAt = req.query.asAt ?? today;
    if (asAt > today) throw new ValidationError([fieldIssue('query.asAt', 'future', `${asAt} is after today (${today})`, `${asAt} 晚于今天`)]);
    const org = asAt === today ? present(found.org, found.counter) : await registryRepo.orgAsAt(req.params.orgId, asAt);
    if (!org) throw new NotFoundError(`Organization ${req.params.orgId} was not registered on ${asAt}`, `${asAt} 时该单位尚未登记`);
    return docxReply(
      drawn(org.orgId, () => establishmentCardDocument(org, asAt)),
      `${org.name}机构编制卡${asAt}.docx`,
    );
  },
});
