/** Staffing-use plans (用编计划): submission, reading, withdrawal, resubmission, and a unit's messages. */
import { route } from '../manifest-types.ts';
import { OFFICE_ROLES } from '../roles.ts';
import { NotificationList } from '../schemas/notifications.ts';
import { Plan, PlanIdParams, PlanInput, PlanList, ResubmitInput } from '../schemas/plans.ts';
import { OrgIdParams } from '../schemas/registry.ts';
import { plan } from './prefetch.ts';

export const plansRoutes = [
  route({
    method: 'POST',
    path: '/plans',
    function: 'plans',
    access: { roles: ['department'] },
    tag: 'plans',
    summary: 'Submit a staffing-use plan (one standardized submission; Idempotency-Key required): checked at once, then pre-reviewed and approved online',
    body: PlanInput,
    idempotent: true,
    response: { status: 201, schema: Plan },
    errors: ['IDEMPOTENCY_RACE'],
  }),
  route({
    method: 'GET',
    path: '/plans/{planId}',
    prefetch: plan,
    function: 'plans',
    scopedBy: 'planId',
    access: { roles: ['department', ...OFFICE_ROLES] },
    tag: 'plans',
    summary: 'One plan and where it stands: pre-review results, decisions, approval notice',
    params: PlanIdParams,
    response: { status: 200, schema: Plan },
    errors: ['NOT_FOUND'],
  }),
  route({
    method: 'POST',
    path: '/plans/{planId}/withdraw',
    prefetch: plan,
    function: 'plans',
    scopedBy: 'planId',
    access: { roles: ['department'] },
    tag: 'plans',
    summary: 'Withdraw a plan while it is pending (its workflow stops, its tasks close)',
    params: PlanIdParams,
    response: { status: 200, schema: Plan },
    errors: ['NOT_FOUND', 'NOT_PENDING', 'STALE_PLAN'],
  }),
  route({
    method: 'POST',
    path: '/plans/{planId}/resubmit',
    function: 'plans',
    prefetch: plan,
    scopedBy: 'planId',
    access: { roles: ['department'] },
    tag: 'plans',
    summary: 'Resubmit a plan returned for correction (退回补正) as a new revision, optionally with a new count or reason',
    params: PlanIdParams,
    body: ResubmitInput,
    response: { status: 200, schema: Plan },
    errors: ['NOT_FOUND', 'NOT_RETURNED', 'STALE_PLAN'],
  }),
  route({
    method: 'GET',
    path: '/organizations/{orgId}/plans',
    function: 'plans',
    scopedBy: 'orgId',
    access: { roles: ['department', ...OFFICE_ROLES] },
    tag: 'plans',
    summary: 'The plans of one organization, newest first',
    params: OrgIdParams,
    response: { status: 200, schema: PlanList },
  }),
  route({
    method: 'GET',
    path: '/organizations/{orgId}/notifications',
    function: 'plans',
    scopedBy: 'orgId',
    access: { roles: ['department', ...OFFICE_ROLES] },
    tag: 'plans',
    summary: 'Messages to a unit (e.g. a reservation released when its approval notice expired), newest first',
    params: OrgIdParams,
    response: { status: 200, schema: NotificationList },
  }),
] as const;
