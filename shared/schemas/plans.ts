import { z } from 'zod';
import { QUOTA_TYPES } from '../domain/registry/rules.ts';
import { orgId } from './registry.ts';
import { isoDate } from './date.ts';
import { text } from './text.ts';

export const PLAN_STATUSES = ['preReview', 'refused', 'pendingApproval', 'returned', 'approved', 'withdrawn', 'lapsed'] as const;
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
    reason: text({ min: 4, max: 1000 }),
  })
  .strict()
  .meta({ id: 'PlanInput' });
export type PlanInput = z.infer<typeof PlanInput>;

export const DecisionInput = z
  .object({ decision: z.enum(DECISIONS), opinion: text({ min: 2, max: 2000 }) })
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
    preReview: z.array(Check).optional(),
    decisions: z.array(z.object({ sectionId: z.string(), decision: z.enum([...DECISIONS, 'timedOut']), opinion: z.string(), by: z.string(), at: z.string() })).optional(),
    notice: z.object({ number: z.string(), validUntil: z.string(), reserved: z.number().int(), used: z.number().int() }).optional(),
    outcome: z.object({ code: z.string(), message: z.string(), messageZh: z.string() }).optional(),
  })
  .meta({ id: 'Plan' });
export type Plan = z.infer<typeof Plan>;

export const PlanList = z.object({ items: z.array(Plan), nextToken: z.string().optional() }).meta({ id: 'PlanList' });

export const ApprovalTask = z
  .object({
    taskId: z.string(),
    planId: z.string(),
    sectionId: z.string(),
    status: z.enum(['pending', 'decided', 'escalated', 'timedOut', 'withdrawn']),
    openedAt: z.string(),
    dueAt: z.string(),
    decision: z.enum(DECISIONS).optional(),
    opinion: z.string().optional(),
  })
  .meta({ id: 'ApprovalTask' });
export type ApprovalTask = z.infer<typeof ApprovalTask>;
export const ApprovalTaskList = z.object({ items: z.array(ApprovalTask) }).meta({ id: 'ApprovalTaskList' });

export const OFFBOARD_REASONS = ['retirement', 'transferOut', 'resignation', 'dismissal', 'death'] as const;
export const OffboardInput = z
  .object({ reason: z.enum(OFFBOARD_REASONS), date: isoDate, documentNumber: text({ max: 40 }).optional(), note: text({ max: 500 }).optional() })
  .strict()
  .meta({ id: 'OffboardInput' });
export type OffboardInput = z.infer<typeof OffboardInput>;

export const ResubmitInput = z
  .object({ count: z.number().int().min(1).max(200).optional(), reason: text({ min: 4, max: 1000 }).optional() })
  .strict()
  .meta({ id: 'ResubmitInput' });

export const TransferInput = z
  .object({ toOrgId: orgId, planId: z.string().regex(/^plan-[a-z0-9]{10,40}$/), date: isoDate, documentNumber: text({ max: 40 }).optional() })
  .strict()
  .meta({ id: 'TransferInput' });
