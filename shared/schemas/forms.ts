/** Replies that carry the forms a clerk prints (shared/domain/forms.ts builds them). */
import { z } from 'zod';
import { QUOTA_TYPES } from '../domain/registry/rules.ts';
import { Person } from './registry.ts';

const lines = z.array(z.object({ label: z.string(), value: z.string() })).describe('The lines in print order: Chinese labels and values');

export const IntakeApprovalForm = z
  .object({
    title: z.literal('人员进编审批表'),
    lines,
    orgId: z.string(),
    orgName: z.string(),
    notice: z.string().optional(),
    quotaType: z.enum(QUOTA_TYPES),
    name: z.string(),
    onRollSince: z.string(),
  })
  .meta({ id: 'IntakeApprovalForm' });

export const EstablishmentCardForm = z
  .object({ title: z.literal('编制卡'), lines, cardNumber: z.string(), orgName: z.string(), quotaType: z.enum(QUOTA_TYPES), name: z.string() })
  .meta({ id: 'EstablishmentCardForm' });

export const ReductionNoticeForm = z
  .object({
    title: z.literal('减员通知'),
    lines,
    orgId: z.string(),
    orgName: z.string(),
    name: z.string(),
    quotaType: z.enum(QUOTA_TYPES),
    reason: z.string(),
    date: z.string(),
    documentNumber: z.string().optional(),
  })
  .meta({ id: 'ReductionNoticeForm' });

export const OnboardResult = z
  .object({ person: Person, forms: z.object({ intakeApproval: IntakeApprovalForm, establishmentCard: EstablishmentCardForm }) })
  .meta({ id: 'OnboardResult' });

export const OffboardResult = z.object({ person: Person, forms: z.object({ reductionNotice: ReductionNoticeForm }) }).meta({ id: 'OffboardResult' });
