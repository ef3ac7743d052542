import { z } from 'zod';
import { QUOTA_TYPES } from '../domain/registry/rules.ts';
import { orgId } from './registry.ts';
import { isoDate } from './date.ts';
import { text } from './text.ts';

export const PLAN_STATUSES = ['preReview', 'refused', 'pendingApproval', 'returned', 'approved', 'withdrawn', 'lapsed', 'failed'] as const;
/** While a plan is in one of these, its workflow must be running (the workflow sweep checks). */
export const OPEN_PLAN_STATUSES = ['preReview', 'pendingApproval'] as const;
export const DECISIONS = ['approve', 'refuse', 'return'] as const;

export const PlanIdParams = z.object({ planId: z.string().regex(/^plan-[a-z0-9]{10,40}$/) });
export const TaskIdParams = z.object({ taskId: z.string().regex(/^task-[a-z0-9]{10,60}$/) });

/** 用编计划申请: one standardized submission. */
export const PlanInput = z
  .object({
    orgId,
    quotaType: z.enum(QUOTA_TYPES),
    count: z.number().int().min(1).max(200),
    /** How the slots will be used (公开招聘, 选调, 军转安置…). */
    channel: z.enum(['publicRecruitment', 'selection', 'militaryResettlement', 'transferIn', 'other']),
    reason: text({ min: 4, max: 1000, multiline: true }),
  })
  .strict()
  .meta({ id: 'PlanInput' });
export type PlanInput = z.infer<typeof PlanInput>;

export const DecisionInput = z
  .object({ decision: z.enum(DECISIONS), opinion: text({ min: 2, max: 2000, multiline: true }) })
  .strict()
  .meta({ id: 'DecisionInput' });

export const OnboardInput = z
  .object({
    nationalId: z.union([z.string(), z.number()]),
    name: text(),
    post: text({ max: 60 }).optional(),
    onRollSince: isoDate,
  })
  .strict()
  .meta({ id: 'OnboardInput' });

const Check = z.object({ check: z.string(), ok: z.boolean(), reasons: z.array(z.object({ code: z.string(), message: z.string(), messageZh: z.string() })) });

export const Plan = z
  .object({
    planId: z.string(),
    revision: z.number().int(),
    orgId: z.string(),
    departmentId: z.string(),
    quotaType: z.enum(QUOTA_TYPES),
    count: z.number().int(),
    channel: z.string(),
    reason: z.string(),
    status: z.enum(PLAN_STATUSES),
    sections: z.array(z.string()),
    submittedBy: z.string(),
    submittedAt: z.string(),
    executionName: z.string(),
    /** When the current revision's workflow was started (submission or resubmission). */
    revisedAt: z.string().optional(),
    preReview: z.array(Check).optional(),
    decisions: z.array(z.object({ sectionId: z.string(), decision: z.enum([...DECISIONS, 'timedOut']), opinion: z.string(), by: z.string(), at: z.string() })).optional(),
    notice: z.object({ number: z.string(), validUntil: z.string(), reserved: z.number().int(), used: z.number().int() }).optional(),
    outcome: z.object({ code: z.string(), message: z.string(), messageZh: z.string() }).optional(),
  })
  .meta({ id: 'Plan' });
export type Plan = z.infer<typeof Plan>;

export const PlanList = z.object({ items: z.array(Plan), nextToken: z.string().optional() }).meta({ id: 'PlanList' });

export const TASK_STATUSES = ['pending', 'decided', 'timedOut', 'withdrawn', 'closed'] as const;

/**
 * A human step of a workflow, in the inbox of whoever holds it: a section, or the leadership
 * once the section's time ran out. A step that timed out keeps the record of who held it.
 */
export const ApprovalTask = z
  .object({
    taskId: z.string(),
    planId: z.string(),
    /** Who holds the step now: a section id, or `leadership`. */
    sectionId: z.string(),
    /** The section the step was first given to. */
    assignedTo: z.string().optional(),
    step: z.string(),
    status: z.enum(TASK_STATUSES),
    openedAt: z.string(),
    dueAt: z.string(),
    decision: z.enum(DECISIONS).optional(),
    opinion: z.string().optional(),
    decidedBy: z.string().optional(),
    decidedAt: z.string().optional(),
    /** `pending` until the workflow has taken the decision. */
    delivery: z.enum(['pending', 'received', 'closed']).optional(),
    timeouts: z.array(z.object({ holder: z.string(), step: z.string(), at: z.string() })).optional(),
  })
  .meta({ id: 'ApprovalTask' });
export type ApprovalTask = z.infer<typeof ApprovalTask>;
export const ApprovalTaskList = z.object({ items: z.array(ApprovalTask) }).meta({ id: 'ApprovalTaskList' });

export const OFFBOARD_REASONS = ['retirement', 'transferOut', 'resignation', 'dismissal', 'death'] as const;
export const OffboardInput = z
  .object({ reason: z.enum(OFFBOARD_REASONS), date: isoDate, documentNumber: text({ max: 40 }).optional(), note: text({ max: 500, multiline: true }).optional() })
  .strict()
  .meta({ id: 'OffboardInput' });
export type OffboardInput = z.infer<typeof OffboardInput>;

export const ResubmitInput = z
  .object({ count: z.number().int().min(1).max(200).optional(), reason: text({ min: 4, max: 1000, multiline: true }).optional() })
  .strict()
  .meta({ id: 'ResubmitInput' });

export const TransferIdParams = z.object({ transferId: z.string().regex(/^tr-[a-z0-9]{16}$/) });

/** 调动, asked by the receiving unit: the person (by national ID) is to take one slot of its approved plan. */
export const TransferRequestInput = z
  .object({
    nationalId: z.union([z.string(), z.number()]),
    planId: z.string().regex(/^plan-[a-z0-9]{10,40}$/),
    date: isoDate,
    documentNumber: text({ max: 40 }).optional(),
  })
  .strict()
  .meta({ id: 'TransferRequestInput' });
export type TransferRequestInput = z.infer<typeof TransferRequestInput>;

export const TRANSFER_STATUSES = ['requested', 'completed', 'cancelled'] as const;
export const TransferRequest = z
  .object({
    transferId: z.string(),
    personId: z.string(),
    fromOrgId: z.string(),
    toOrgId: z.string(),
    planId: z.string(),
    date: z.string(),
    documentNumber: z.string().optional(),
    status: z.enum(TRANSFER_STATUSES),
    requestedBy: z.string(),
    requestedAt: z.string(),
    releasedBy: z.string().optional(),
    closedAt: z.string().optional(),
    reason: z.string().optional(),
  })
  .meta({ id: 'TransferRequest' });
export type TransferRequest = z.infer<typeof TransferRequest>;
export const TransferRequestList = z.object({ incoming: z.array(TransferRequest), outgoing: z.array(TransferRequest) }).meta({ id: 'TransferRequestList' });
export const CancelTransferInput = z.object({ reason: text({ min: 2, max: 500, multiline: true }) }).strict().meta({ id: 'CancelTransferInput' });
