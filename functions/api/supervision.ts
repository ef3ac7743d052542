import { recordOf, type StoredItem } from '../../shared/data/keys.ts';
import { deliverNotificationLetter, notificationLettersRepo } from '../../shared/data/notification-letters.ts';
import { blocksOf } from '../../shared/data/pre-review.ts';
import { registryRepo } from '../../shared/data/registry.ts';
import { activeSuspension, liftSuspension, pastSuspensions, suspendApprovals } from '../../shared/data/sanctions.ts';
import { lettersRepo, reportRectification, verifyRectification } from '../../shared/data/supervision-letters.ts';
import { type StoredWarning, warningsRepo } from '../../shared/data/warnings.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { apiHandler } from '../../shared/http/api-handler.ts';
import { supervisionRoutes } from '../../shared/routes/supervision.ts';
import type { SupervisionLetter } from '../../shared/schemas/supervision.ts';

/** A warning as the API shows it (without its bookkeeping). */
const shown = ({ seq: _s, ...w }: StoredWarning & { closedAtSeq?: number }) => {
  const { closedAtSeq: _c, ...rest } = w;
  return rest;
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
    const [org, blocks, letters, active, past] = await Promise.all([
      registryRepo.getOrg(orgId),
      blocksOf([orgId]),
      lettersRepo.listByOrg(orgId, 20),
      activeSuspension(orgId),
      pastSuspensions(orgId),
    ]);
    if (!org) throw new NotFoundError(`No organization ${orgId}`, `没有单位 ${orgId}`);
    return {
      body: {
        orgId,
        blocks: blocks.map((b) => ({ kind: b.kind, reason: b.reason, reasonZh: b.reasonZh })),
        letters: letters.items,
        suspensions: [...(active ? [active] : []), ...past],
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
    const [open, closed] = await Promise.all([warningsRepo.open(req.params.orgId), warningsRepo.closed(req.params.orgId)]);
    return { body: { orgId: req.params.orgId, open: open.map(shown), closed: closed.map(shown) } };
  },
});
