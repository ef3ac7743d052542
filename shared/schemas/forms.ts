/** Replies that carry the forms a clerk prints (shared/domain/forms.ts builds them). */
import { QUOTA_TYPES } from '../domain/registry/rules.ts';
import { Person } from './registry.ts';
import * as z from './zod.ts';
import { named } from './zod.ts';

const lines = z.array(z.object({ label: z.string(), value: z.string() })).check(z.describe('The lines in print order: Chinese labels and values'));

export const IntakeApprovalForm = named(
  'IntakeApprovalForm',
  z.object({
    title: z.literal('人员进编审批表'),
    lines,
    orgId: z.string(),
    orgName: z.string(),
    notice: z.optional(z.string()),
    quotaType: z.enum(QUOTA_TYPES),
    name: z.string(),
    onRollSince: z.string(),
  }),
);

export const EstablishmentCardForm = named(
  'EstablishmentCardForm',
  z.object({ title: z.literal('编制卡'), lines, cardNumber: z.string(), orgName: z.string(), quotaType: z.enum(QUOTA_TYPES), name: z.string() }),
);

export const ReductionNoticeForm = named(
  'ReductionNoticeForm',
  z.object({
    title: z.literal('减员通知'),
    lines,
    orgId: z.string(),
    orgName: z.string(),
    name: z.string(),
    quotaType: z.enum(QUOTA_TYPES),
    reason: z.string(),
    date: z.string(),
    documentNumber: z.optional(z.string()),
  }),
);

export const OnboardResult = named(
  'OnboardResult',
  z.object({ person: Person, forms: z.object({ intakeApproval: IntakeApprovalForm, establishmentCard: EstablishmentCardForm }) }),
);

export const OffboardResult = named('OffboardResult', z.object({ person: Person, forms: z.object({ reductionNotice: ReductionNoticeForm }) }));
