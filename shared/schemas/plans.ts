import { RETURN_STAGES } from '../domain/matters/decisions.ts';
import { QUOTA_TYPES } from '../domain/registry/rules.ts';
import { isoDate } from './date.ts';
import { orgId } from './registry.ts';
import { text } from './text.ts';
import * as z from './zod.ts';
import { matching, named, wholeNumber } from './zod.ts';

export const PLAN_STATUSES = ['preReview', 'refused', 'pendingApproval', 'returned', 'approved', 'withdrawn', 'lapsed', 'failed'] as const;
/** While a plan is in one of these, its workflow must be running (the workflow sweep checks). */
export const OPEN_PLAN_STATUSES = ['preReview', 'pendingApproval'] as const;
export const DECISIONS = ['approve', 'refuse', 'return'] as const;
/** How a plan's slots will be used (公开招聘, 选调, 军转安置…). */
export const PLAN_CHANNELS = ['publicRecruitment', 'selection', 'militaryResettlement', 'transferIn', 'other'] as const;

export const planId = matching(/^plan-[a-z0-9]{10,40}$/);
export const PlanIdParams = z.object({ planId });
export const TaskIdParams = z.object({ taskId: matching(/^task-[a-z0-9]{10,60}$/) });

/** 用编计划申请: one standardized submission. */
export const PlanInput = named(
  'PlanInput',
  z.strictObject({
    orgId,
    quotaType: z.enum(QUOTA_TYPES),
    count: wholeNumber(1, 200),
    channel: z.enum(PLAN_CHANNELS),
    reason: text({ min: 4, max: 1000, multiline: true }),
  }),
);
export type PlanInput = z.infer<typeof PlanInput>;

const longText = text({ min: 2, max: 2000, multiline: true });

/** A decision on a task; a matter's assessment and deliberation take more (shared/domain/matters/decisions.ts says which). */
export const DecisionInput = named(
  'DecisionInput',
  z.strictObject({
    decision: z.enum(DECISIONS),
    opinion: longText,
    /** Deliberation: the collective decision's meeting. */
    meeting: z.optional(z.strictObject({ date: isoDate, ref: text({ min: 2, max: 100 }) })),
    /** Deliberation, on a return: the stage the matter goes back to. */
    returnTo: z.optional(z.enum(RETURN_STAGES)),
    /** The lead section's assessment on the four dimensions. */
    assessment: z.optional(z.strictObject({ political: longText, systemic: longText, legal: longText, reasonableness: longText })),
    expertReview: z.optional(longText),
    riskAssessment: z.optional(longText),
    /** References to attached files (opinions in writing, meeting minutes). */
    attachments: z.optional(z.array(text({ min: 1, max: 200 })).check(z.maxLength(20))),
  }),
);

/** 转办: hand a claimed task to another person of the same section. */
export const ReassignInput = named('ReassignInput', z.strictObject({ userId: text({ min: 2, max: 63 }), reason: text({ min: 2, max: 500 }) }));

export const OnboardInput = named(
  'OnboardInput',
  z.strictObject({
    nationalId: z.union([z.string(), z.number()]),
    name: text(),
    post: z.optional(text({ max: 60 })),
    onRollSince: isoDate,
  }),
);

const Check = z.object({ check: z.string(), ok: z.boolean(), reasons: z.array(z.object({ code: z.string(), message: z.string(), messageZh: z.string() })) });
const Outcome = z.object({ code: z.string(), message: z.string(), messageZh: z.string() });

export const Plan = named(
  'Plan',
  z.object({
    planId: z.string(),
    revision: wholeNumber(),
    orgId: z.string(),
    departmentId: z.string(),
    quotaType: z.enum(QUOTA_TYPES),
    count: wholeNumber(),
    channel: z.string(),
    reason: z.string(),
    status: z.enum(PLAN_STATUSES),
    sections: z.array(z.string()),
    submittedBy: z.string(),
    submittedAt: z.string(),
    executionName: z.string(),
    /** When the current revision's workflow was started (submission or resubmission). */
    revisedAt: z.optional(z.string()),
    preReview: z.optional(z.array(Check)),
    decisions: z.optional(
      z.array(
        // `by`: the office's reader only (shared/domain/department-view.ts).
        z.object({ sectionId: z.string(), decision: z.enum([...DECISIONS, 'timedOut']), opinion: z.string(), by: z.optional(z.string()), at: z.string() }),
      ),
    ),
    notice: z.optional(
      z.object({ number: z.string(), validUntil: z.string(), reserved: wholeNumber(), used: wholeNumber(), released: z.optional(wholeNumber()) }),
    ),
    outcome: z.optional(Outcome),
  }),
);
export type Plan = z.infer<typeof Plan>;

export const PlanList = named('PlanList', z.object({ items: z.array(Plan), nextToken: z.optional(z.string()) }));

export const TASK_STATUSES = ['pending', 'decided', 'timedOut', 'withdrawn', 'closed'] as const;

/**
 * A human step of a workflow, in the inbox of whoever holds it: a section, or the leadership
 * once the section's time ran out. A step that timed out keeps the record of who held it.
 */
export const ApprovalTask = named(
  'ApprovalTask',
  z.object({
    taskId: z.string(),
    /** The plan or the matter the step belongs to (one of the two). */
    planId: z.optional(z.string()),
    matterId: z.optional(z.string()),
    /** Who holds the step now: a section id, or `leadership`. */
    sectionId: z.string(),
    /** The section the step was first given to. */
    assignedTo: z.optional(z.string()),
    /** The person of the holding section who took the task (认领); only they decide it until it is handed on. */
    claimedBy: z.optional(z.string()),
    step: z.string(),
    status: z.enum(TASK_STATUSES),
    openedAt: z.string(),
    dueAt: z.string(),
    /** The due date was counted Monday to Friday for want of that year's holiday calendar. */
    dueProvisional: z.optional(z.boolean()),
    decision: z.optional(z.enum(DECISIONS)),
    opinion: z.optional(z.string()),
    /** What a matter's assessment or deliberation carries besides the opinion. */
    details: z.optional(z.record(z.string(), z.unknown())),
    decidedBy: z.optional(z.string()),
    decidedAt: z.optional(z.string()),
    /** `pending` until the workflow has taken the decision. */
    delivery: z.optional(z.enum(['pending', 'received', 'closed'])),
    timeouts: z.optional(z.array(z.object({ holder: z.string(), step: z.string(), at: z.string() }))),
    /** In the inbox: the due date has passed on the system clock. */
    overdue: z.optional(z.boolean()),
  }),
);
export type ApprovalTask = z.infer<typeof ApprovalTask>;
export const ApprovalTaskList = named('ApprovalTaskList', z.object({ items: z.array(ApprovalTask) }));

/**
 * Which of the inbox's tasks: by due date, all (soonest due first), those due by the end of today
 * (Asia/Shanghai) or those already overdue; by person, those the caller claimed or those nobody has.
 */
export const TaskListQuery = z.object({ due: z.optional(z.enum(['today', 'overdue'])), claimed: z.optional(z.enum(['mine', 'unclaimed'])) });

export const OFFBOARD_REASONS = ['retirement', 'transferOut', 'resignation', 'dismissal', 'death'] as const;
export const OffboardInput = named(
  'OffboardInput',
  z.strictObject({
    reason: z.enum(OFFBOARD_REASONS),
    date: isoDate,
    documentNumber: z.optional(text({ max: 40 })),
    note: z.optional(text({ max: 500, multiline: true })),
  }),
);
export type OffboardInput = z.infer<typeof OffboardInput>;

export const ResubmitInput = named(
  'ResubmitInput',
  z.strictObject({ count: z.optional(wholeNumber(1, 200)), reason: z.optional(text({ min: 4, max: 1000, multiline: true })) }),
);

export const TransferIdParams = z.object({ transferId: matching(/^tr-[a-z0-9]{16}$/) });

/** 调动, asked by the receiving unit: the person (by national ID) is to take one slot of its approved plan. */
export const TransferRequestInput = named(
  'TransferRequestInput',
  z.strictObject({
    nationalId: z.union([z.string(), z.number()]),
    planId,
    date: isoDate,
    documentNumber: z.optional(text({ max: 40 })),
  }),
);
export type TransferRequestInput = z.infer<typeof TransferRequestInput>;

export const TRANSFER_STATUSES = ['requested', 'completed', 'cancelled'] as const;
export const TransferRequest = named(
  'TransferRequest',
  z.object({
    transferId: z.string(),
    personId: z.string(),
    fromOrgId: z.string(),
    toOrgId: z.string(),
    planId: z.string(),
    date: z.string(),
    documentNumber: z.optional(z.string()),
    status: z.enum(TRANSFER_STATUSES),
    requestedBy: z.string(),
    requestedAt: z.string(),
    releasedBy: z.optional(z.string()),
    closedAt: z.optional(z.string()),
    reason: z.optional(z.string()),
  }),
);
export type TransferRequest = z.infer<typeof TransferRequest>;
export const TransferRequestList = named('TransferRequestList', z.object({ incoming: z.array(TransferRequest), outgoing: z.array(TransferRequest) }));
export const CancelTransferInput = named('CancelTransferInput', z.strictObject({ reason: text({ min: 2, max: 500, multiline: true }) }));
