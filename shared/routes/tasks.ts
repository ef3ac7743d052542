/** The task inbox: approval steps waiting for a section or the leadership, and their decisions. */
import { route } from '../manifest-types.ts';
import type { Role } from '../roles.ts';
import { ApprovalTask, ApprovalTaskList, DecisionInput, ReassignInput, TaskIdParams, TaskListQuery } from '../schemas/plans.ts';
import { taskAndChainHead } from './prefetch.ts';

/** Who decides approval tasks: the office's sections and its leadership (escalations). */
const APPROVERS: Role[] = ['sectionStaff', 'supervisionSection', 'registrationBureau', 'egovCenter', 'leader'];

export const tasksRoutes = [
  route({
    method: 'GET',
    path: '/tasks',
    function: 'tasks',
    access: { roles: APPROVERS },
    tag: 'plans',
    summary:
      'Approval tasks waiting for the caller’s section (the leadership: escalated ones and deliberations), soonest due first, each marked overdue once its due date has passed; `due=today` or `due=overdue` keeps those due by the end of today or already overdue, `claimed=mine` or `claimed=unclaimed` those the caller claimed (认领) or nobody has',
    query: TaskListQuery,
    response: { status: 200, schema: ApprovalTaskList },
  }),
  route({
    method: 'GET',
    path: '/tasks/{taskId}',
    prefetch: taskAndChainHead,
    function: 'tasks',
    access: { roles: APPROVERS },
    tag: 'plans',
    summary: 'One approval task the caller holds or held; reading a decision the workflow has not taken sends it again',
    params: TaskIdParams,
    response: { status: 200, schema: ApprovalTask },
    errors: ['NOT_FOUND'],
  }),
  route({
    method: 'POST',
    path: '/tasks/{taskId}/decision',
    prefetch: taskAndChainHead,
    function: 'tasks',
    access: { roles: APPROVERS },
    tag: 'plans',
    summary:
      'Decide an approval task with an opinion: approve, refuse, or return for correction (recorded once; 202 when the workflow will be told a moment later; 409 when the step timed out first, naming who holds it)',
    params: TaskIdParams,
    body: DecisionInput,
    response: { status: 200, schema: ApprovalTask },
    errors: ['NOT_FOUND', 'ALREADY_DECIDED', 'STEP_TIMED_OUT', 'TASK_CLOSED'],
  }),
  route({
    method: 'POST',
    path: '/tasks/{taskId}/claim',
    prefetch: taskAndChainHead,
    function: 'tasks',
    access: { roles: APPROVERS },
    tag: 'plans',
    summary: 'Claim a task of your section (认领): from then on you decide it, until you hand it on',
    params: TaskIdParams,
    response: { status: 200, schema: ApprovalTask },
    errors: ['NOT_FOUND', 'CLAIMED', 'ALREADY_DECIDED'],
  }),
  route({
    method: 'POST',
    path: '/tasks/{taskId}/reassign',
    prefetch: taskAndChainHead,
    function: 'tasks',
    access: { roles: APPROVERS },
    tag: 'plans',
    summary: 'Hand a task to another person of the same section (转办), with the reason: its claimer, or the section’s head, may',
    params: TaskIdParams,
    body: ReassignInput,
    response: { status: 200, schema: ApprovalTask },
    errors: ['NOT_FOUND', 'CLAIMED', 'ALREADY_DECIDED'],
  }),
] as const;
