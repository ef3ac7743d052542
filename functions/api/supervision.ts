import { idempotentReply, requestHashOf } from '../../shared/data/idempotency.ts';
import { concludeInspection, drawInspections, getDraw, inspectionsRepo, recordChecklist } from '../../shared/data/inspections.ts';
import { recordOf, type StoredItem } from '../../shared/data/keys.ts';
import { leadsRepo, sendLead, takeLeadStep } from '../../shared/data/lead-transfers.ts';
import { deliverNotificationLetter, notificationLettersRepo } from '../../shared/data/notification-letters.ts';
import { blocksOf } from '../../shared/data/pre-review.ts';
import { latestReconciliation } from '../../shared/data/reconciliation.ts';
import { registryRepo } from '../../shared/data/registry.ts';
import { activeSuspension, liftSuspension, pastSuspensions, suspendApprovals } from '../../shared/data/sanctions.ts';
import { lettersRepo, reportRectification, verifyRectification } from '../../shared/data/supervision-letters.ts';
import { type StoredWarning, warningsRepo } from '../../shared/data/warnings.ts';
import { LEAD_PARTIES, type LeadParty, mayRead, OFFICE, receiverOf, sideOf } from '../../shared/domain/supervision/lead-transfers.ts';
import { ConflictError, ForbiddenError, fieldIssue, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { apiHandler } from '../../shared/http/api-handler.ts';
import { idempotencyKeyOf, keyReused } from '../../shared/http/idempotency-key.ts';
import { supervisionRoutes } from '../../shared/routes/supervision.ts';
import type { Inspection, SupervisionLetter } from '../../shared/schemas/supervision.ts';
import type { User } from '../../shared/schemas/users.ts';

/** A warning as the API shows it (without its bookkeeping). */
const shown = ({ seq: _s, ...w }: StoredWarning & { closedAtSeq?: number }) => {
  const { closedAtSeq: _c, ...rest } = w;
  return rest;
};

/** Discipline inspection, inspection tours and audit: they read the office's inspection results (R-EXT-3). */
const examines = (user: User) => user.role === 'discipline' || user.role === 'inspectionTour' || user.role === 'audit';

/**
 * An inspection as an examining body reads it: the findings and the letter, without the leads
 * sent to discipline inspection (each party sees only its own) or who in the office did what.
 */
const asResult = ({ leadIds: _l, concludedBy: _c, ...i }: Inspection): Inspection => ({
  ...i,
  checklist: i.checklist.map(({ by: _b, ...c }) => c),
});

/** Idempotency keys are scoped per function: all functions share one process on the embedded host. */
const IDEM_SCOPE = 'supervision';

/** The lead, if the caller's side is party to it; 404 otherwise (whether or not it exists). */
const leadFor = async (user: User, leadId: string) => {
  const lead = await leadsRepo.get(leadId);
  if (!lead || !mayRead(user.role, lead)) throw new NotFoundError(`No lead transfer ${leadId}`, `没有问题线索移送单 ${leadId}`);
  return lead;
};

/** A step of a lead, taken by the receiving side only. */
const leadStep = async (user: User, leadId: string, step: 'acknowledge' | 'handle' | 'feedBack', note: string, actor: ReturnType<typeof actorOf>) => {
  const lead = await leadFor(user, leadId);
  if (sideOf(user.role) !== receiverOf(lead))
    throw new ForbiddenError('Only the receiving side takes the steps of a lead transfer', '只有接收方可以签收、办理和反馈移送单');
  return takeLeadStep(leadId, step, note, actor);
};

/** The letter the route read with the user record (its prefetch), or 404. */
const letterOf = (item: StoredItem | undefined, letterId: string): SupervisionLetter => {
  if (!item) throw new NotFoundError(`No supervision letter ${letterId}`, `没有督办函 ${letterId}`);
  return recordOf<SupervisionLetter>(item);
};

export const handler = apiHandler(supervisionRoutes, {
  'GET /supervision-letters': async (req) => ({ body: await lettersRepo.listByStatus(req.query.status ?? 'open', req.query.limit, req.query.nextToken) }),

  'GET /supervision-letters/{letterId}': async (req) => ({ body: letterOf(req.prefetched.letter as StoredItem | undefined, req.params.letterId) }),

  'GET /organizations/{orgId}/supervision-letters': async (req) => ({
    body: await lettersRepo.listByOrg(req.params.orgId, req.query.limit, req.query.nextToken),
  }),

  'POST /supervision-letters/{letterId}/rectification': async (req) => {
    letterOf(req.prefetched.letter as StoredItem | undefined, req.params.letterId);
    return { body: await reportRectification(req.params.letterId, req.body, actorOf(req)) };
  },

  'POST /supervision-letters/{letterId}/verification': async (req) => {
    letterOf(req.prefetched.letter as StoredItem | undefined, req.params.letterId);
    return { body: await verifyRectification(req.params.letterId, req.body, actorOf(req)) };
  },

  'GET /organizations/{orgId}/supervision': async (req) => {
    const orgId = req.params.orgId;
    const [org, blocks, letters, active, past, warnings, inspections] = await Promise.all([
      registryRepo.getOrg(orgId),
      blocksOf([orgId]),
      lettersRepo.listByOrg(orgId, 20),
      activeSuspension(orgId),
      pastSuspensions(orgId),
      warningsRepo.open(orgId),
      inspectionsRepo.listByOrg(orgId),
    ]);
    if (!org) throw new NotFoundError(`No organization ${orgId}`, `没有单位 ${orgId}`);
    return {
      body: {
        orgId,
        blocks: blocks.map((b) => ({ kind: b.kind, reason: b.reason, reasonZh: b.reasonZh })),
        letters: letters.items,
        suspensions: [...(active ? [active] : []), ...past],
        warnings: warnings.map((w) => ({ code: w.code, kind: w.kind, overBy: w.overBy, messageZh: w.messageZh, raisedAt: w.raisedAt })),
        inspections: inspections.map((i) => ({
          inspectionId: i.inspectionId,
          year: i.year,
          status: i.status,
          ...(i.letterId ? { letterId: i.letterId } : {}),
        })),
      },
    };
  },

  'POST /organizations/{orgId}/suspension': async (req) => ({ body: await suspendApprovals(req.params.orgId, req.body, actorOf(req)) }),

  'POST /organizations/{orgId}/suspension/lift': async (req) => ({ body: await liftSuspension(req.params.orgId, req.body.reason, actorOf(req)) }),

  'GET /notification-letters': async (req) => ({
    body: await notificationLettersRepo.listByStatus(req.query.status ?? 'pending', req.query.limit, req.query.nextToken),
  }),

  'GET /organizations/{orgId}/notification-letters': async (req) => ({ body: { items: await notificationLettersRepo.listByOrg(req.params.orgId) } }),

  'POST /organizations/{orgId}/notification-letters/{noticeId}/delivery': async (req) => ({
    body: await deliverNotificationLetter(req.params.orgId, req.params.noticeId, req.body, actorOf(req)),
  }),

  'GET /warnings': async (req) => {
    const page = await warningsRepo.listOpen(req.query.limit, req.query.nextToken);
    return { body: { items: page.items.map(shown), nextToken: page.nextToken } };
  },

  'GET /organizations/{orgId}/warnings': async (req) => {
    const [org, open, closed] = await Promise.all([
      registryRepo.getOrg(req.params.orgId),
      warningsRepo.open(req.params.orgId),
      warningsRepo.closed(req.params.orgId),
    ]);
    if (!org) throw new NotFoundError(`No organization ${req.params.orgId}`, `没有单位 ${req.params.orgId}`);
    return { body: { orgId: req.params.orgId, open: open.map(shown), closed: closed.map(shown) } };
  },

  'GET /reconciliation': async () => {
    const report = await latestReconciliation();
    if (!report) throw new NotFoundError('No reconciliation has run yet', '尚未进行过核对');
    return { body: report };
  },

  'POST /lead-transfers': async (req) => {
    const from = sideOf(req.user.role)!;
    const body = req.body;
    if (from === body.to || (from !== OFFICE && body.to !== OFFICE)) {
      throw new ValidationError([
        fieldIssue(
          'body.to',
          'counterpart',
          from === OFFICE ? 'the office sends to discipline, inspectionTour, audit or personnel' : 'a body sends its leads to the office',
          from === OFFICE ? '请选择接收线索的纪检监察、巡察、审计或组织人事部门' : '问题线索移送至编办（office）',
        ),
      ]);
    }
    const key = idempotencyKeyOf(req.headers);
    const requestHash = requestHashOf(body);
    const [prior, org] = await Promise.all([idempotentReply(IDEM_SCOPE, req.user.userId, key), registryRepo.getOrg(body.orgId)]);
    if (prior) {
      if (prior.requestHash !== requestHash) throw keyReused();
      return { status: 201, body: await leadsRepo.require(prior.leadId!) };
    }
    if (!org) throw new ValidationError([fieldIssue('body.orgId', 'exists', 'no organization with this id', '没有该单位')]);
    try {
      const lead = await sendLead(from, body, org.org.name, { scope: IDEM_SCOPE, userId: req.user.userId, key, requestHash }, actorOf(req));
      return { status: 201, body: lead };
    } catch (e) {
      if (e instanceof ConflictError && e.code === 'IDEMPOTENCY_RACE') {
        const again = await idempotentReply(IDEM_SCOPE, req.user.userId, key);
        if (again && again.requestHash === requestHash) return { status: 201, body: await leadsRepo.require(again.leadId!) };
      }
      throw e;
    }
  },

  'GET /lead-transfers': async (req) => {
    const own = sideOf(req.user.role);
    if (own && own !== OFFICE) {
      if (req.query.party && req.query.party !== own) throw new ForbiddenError('A body sees its own lead transfers only', '只能查看本机关的移送单');
      return { body: await leadsRepo.listByParty(own as LeadParty, req.query.limit, req.query.nextToken) };
    }
    if (req.query.party) return { body: await leadsRepo.listByParty(req.query.party, req.query.limit, req.query.nextToken) };
    // Every body at once: the newest of each, merged (pick a party to page further).
    const pages = await Promise.all(LEAD_PARTIES.map((p) => leadsRepo.listByParty(p, req.query.limit ?? 50)));
    const items = pages.flatMap((p) => p.items).sort((a, b) => b.sentAt.localeCompare(a.sentAt));
    return { body: { items: items.slice(0, req.query.limit ?? 50) } };
  },

  'GET /lead-transfers/{leadId}': async (req) => ({ body: await leadFor(req.user, req.params.leadId) }),

  'POST /lead-transfers/{leadId}/acknowledgement': async (req) => ({
    body: await leadStep(req.user, req.params.leadId, 'acknowledge', req.body.note, actorOf(req)),
  }),
  'POST /lead-transfers/{leadId}/handling': async (req) => ({ body: await leadStep(req.user, req.params.leadId, 'handle', req.body.note, actorOf(req)) }),
  'POST /lead-transfers/{leadId}/feedback': async (req) => ({ body: await leadStep(req.user, req.params.leadId, 'feedBack', req.body.note, actorOf(req)) }),

  'POST /inspections/draws': async (req) => ({
    status: 201,
    body: await drawInspections(req.body.year, { seed: req.body.seed, rate: req.body.rate }, actorOf(req)),
  }),

  'GET /inspections/draws/{year}': async (req) => {
    const draw = await getDraw(req.params.year);
    if (!draw) throw new NotFoundError(`No draw for ${req.params.year}`, `${req.params.year} 年度尚未抽取`);
    return { body: draw };
  },

  'GET /inspections/{inspectionId}': async (req) => {
    const inspection = await inspectionsRepo.get(req.params.inspectionId);
    // An examining body sees results; one still being checked is not there for it, as one never drawn is not.
    if (!inspection || (examines(req.user) && inspection.status !== 'concluded')) {
      throw new NotFoundError(`No inspection ${req.params.inspectionId}`, `没有专项检查 ${req.params.inspectionId}`);
    }
    return { body: examines(req.user) ? asResult(inspection) : inspection };
  },

  'GET /organizations/{orgId}/inspections': async (req) => {
    const items = await inspectionsRepo.listByOrg(req.params.orgId);
    return { body: { items: examines(req.user) ? items.filter((i) => i.status === 'concluded').map(asResult) : items } };
  },

  'POST /inspections/{inspectionId}/checklist/{area}': async (req) => ({
    body: await recordChecklist(req.params.inspectionId, req.params.area, req.body, actorOf(req)),
  }),

  'POST /inspections/{inspectionId}/conclusion': async (req) => ({ body: await concludeInspection(req.params.inspectionId, req.body.summary, actorOf(req)) }),
});
