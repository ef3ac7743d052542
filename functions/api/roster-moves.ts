import { personIdFor, registryRepo } from '../../shared/data/registry.ts';
import {
  cancelTransfer,
  onboard,
  planWithOrg,
  planWithOrgOfItems,
  releaseTransfer,
  requestTransfer,
  transferOfItem,
  transfersOf,
} from '../../shared/data/roster-moves.ts';
import { establishmentCard, intakeApproval } from '../../shared/domain/forms.ts';
import { checkOnOrAfterNotice, checkTransferPlan } from '../../shared/domain/plans/rules.ts';
import { checkNationalId } from '../../shared/domain/registry/national-id.ts';
import { checkDatesInOrder, checkPastDate, checkQuotaTypeForKind } from '../../shared/domain/registry/rules.ts';
import { validatePersonIntake } from '../../shared/domain/registry/validate.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { fieldIssue, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { apiHandler } from '../../shared/http/api-handler.ts';
import { enforceRouteScope, personFor } from '../../shared/http/scope.ts';
import { rosterMovesRoutes } from '../../shared/routes/roster-moves.ts';

export const handler = apiHandler(rosterMovesRoutes, {
  'POST /organizations/{orgId}/transfers': async (req) => {
    const today = todayInShanghai();
    const id = checkNationalId(req.body.nationalId, 'body.nationalId', today);
    const date = checkPastDate(req.body.date, 'body.date', today);
    const issues = [id, date].flatMap((c) => (c.ok ? [] : [c.issue]));
    if (issues.length) throw new ValidationError(issues);
    const [person, to] = await Promise.all([registryRepo.getPerson(personIdFor(id.ok ? id.value.id : '')), planWithOrg(req.body.planId, req.params.orgId)]);
    if (!to) throw new ValidationError([fieldIssue('body.planId', 'exists', 'no such plan of this unit', '本单位没有此用编计划')]);
    if (person?.status !== 'onRoll')
      throw new ValidationError([
        fieldIssue('body.nationalId', 'notOnRoll', 'nobody with this national ID holds a slot in the city', '本市没有持此身份证号的在编人员'),
      ]);
    const checks = [
      checkQuotaTypeForKind(to.plan.quotaType, to.org.org.kind, to.org.org.civilServiceManaged, 'body.planId'),
      checkTransferPlan(to.plan, 'body.planId'),
      checkOnOrAfterNotice(req.body.date, to.plan.notice, 'body.date'),
      // Dates in order: the person joins the receiving roster after joining the sending one.
      checkDatesInOrder(person.onRollSince, req.body.date, 'body.date', {
        en: `the person's on-roll date (${person.onRollSince})`,
        zh: `此人的入编时间（${person.onRollSince}）`,
      }),
    ];
    const refused = checks.flatMap((c) => (c.ok ? [] : [c.issue]));
    if (refused.length) throw new ValidationError(refused);
    return { status: 201, body: await requestTransfer({ to, person, date: req.body.date, documentNumber: req.body.documentNumber }, actorOf(req), today) };
  },

  'GET /organizations/{orgId}/transfers': async (req) => ({ body: await transfersOf(req.params.orgId) }),

  // The transfer routes read the transfer with the user record (their prefetch).
  'GET /transfers/{transferId}': async (req) => ({ body: transferOfItem(req.prefetched.transfer) }),

  'POST /transfers/{transferId}/release': async (req) => {
    const t = transferOfItem(req.prefetched.transfer);
    // Only the sending side (or the office) lets its person go.
    await enforceRouteScope(req.user, 'orgId', t.fromOrgId);
    const { transfer, person } = await releaseTransfer(t, actorOf(req), todayInShanghai());
    return { body: { transfer, person: personFor(req.user, person) } };
  },

  'POST /transfers/{transferId}/cancel': async (req) => ({
    body: await cancelTransfer(transferOfItem(req.prefetched.transfer), req.body.reason, actorOf(req)),
  }),

  'POST /organizations/{orgId}/plans/{planId}/people': async (req) => {
    // The plan, the organization and its counter were read with the user record (the route's prefetch).
    const found = planWithOrgOfItems(req.prefetched, req.params.orgId);
    if (!found) throw new NotFoundError('No such plan for this organization', '该单位没有此用编计划');
    const today = todayInShanghai();
    const person = validatePersonIntake({ ...req.body, quotaType: found.plan.quotaType }, found.org.org, today);
    const inOrder = checkOnOrAfterNotice(person.onRollSince, found.plan.notice, 'body.onRollSince');
    if (!inOrder.ok) throw new ValidationError([inOrder.issue]);
    const record = await onboard(found, person, actorOf(req), today);
    const shown = personFor(req.user, record);
    const { orgId, name: orgName } = found.org.org;
    const { quotaType, notice, channel } = found.plan;
    return {
      status: 201,
      body: {
        person: shown,
        forms: {
          intakeApproval: intakeApproval({
            orgId,
            orgName,
            notice: notice?.number,
            channel,
            quotaType,
            name: record.name,
            gender: record.gender,
            post: record.post,
            onRollSince: record.onRollSince,
          }),
          establishmentCard: establishmentCard({ cardNumber: record.cardNumber, orgName, quotaType, name: record.name, onRollSince: record.onRollSince }),
        },
      },
    };
  },
});
