/** What personnel and finance read and ask (R-EXT-1, R-EXT-2). */
import { POST_GRADES, POST_TRACKS } from '../domain/registry/establishment.ts';
import { FUNDING_FORMS, ORGANIZATION_KINDS, QUOTA_TYPES } from '../domain/registry/rules.ts';
import { isoDate } from './date.ts';
import { orgId } from './registry.ts';
import { text } from './text.ts';
import * as z from './zod.ts';
import { named } from './zod.ts';

const byType = z.object(Object.fromEntries(QUOTA_TYPES.map((t) => [t, z.number()])) as Record<(typeof QUOTA_TYPES)[number], z.ZodMiniNumber>);
const postCounts = z.record(z.enum(POST_GRADES), z.object({ leader: z.number(), nonLeader: z.number() }));
const Reason = z.object({ code: z.string(), message: z.string(), messageZh: z.string() });

export const Vacancies = named(
  'Vacancies',
  z.object({
    orgId: z.string(),
    name: z.string(),
    kind: z.enum(ORGANIZATION_KINDS),
    quota: byType,
    onRoll: byType,
    /** Slots approved plans reserved and not yet filled (核准未入编): what may be recruited into now. */
    reserved: byType,
    vacancy: byType,
    posts: z.object({ quota: postCounts, used: postCounts, vacancy: postCounts }),
    /** Approved staffing-use plans with slots still to fill. */
    approvedPlans: z.array(
      z.object({ planId: z.string(), quotaType: z.enum(QUOTA_TYPES), channel: z.string(), noticeNumber: z.string(), validUntil: z.string(), open: z.number() }),
    ),
  }),
);

export const AppointmentCheckInput = named(
  'AppointmentCheckInput',
  z.strictObject({
    orgId,
    /** Recruiting into a slot of this type. */
    quotaType: z.optional(z.enum(QUOTA_TYPES)),
    /** Appointing to a leadership post of this grade and track. */
    grade: z.optional(z.enum(POST_GRADES)),
    track: z.optional(z.enum(POST_TRACKS)),
    /** The person, if known: someone on another unit's roll needs a transfer, not an intake. */
    nationalId: z.optional(text({ min: 15, max: 18 })),
  }),
);

export const AppointmentAnswer = named('AppointmentAnswer', z.object({ orgId: z.string(), name: z.string(), allowed: z.boolean(), reasons: z.array(Reason) }));

export const HeadcountQuery = z.object({ orgId: z.optional(orgId), asAt: z.optional(isoDate) });

export const Headcount = named(
  'Headcount',
  z.object({
    asAt: z.string(),
    scope: z.object({ orgId: z.optional(z.string()), nameZh: z.string() }),
    units: z.array(
      z.object({
        orgId: z.string(),
        name: z.string(),
        kind: z.enum(ORGANIZATION_KINDS),
        fundingForm: z.enum(FUNDING_FORMS),
        quota: byType,
        onRoll: byType,
        total: z.number(),
      }),
    ),
    /** On-roll people by quota type and funding form. */
    byFundingForm: z.record(z.enum(FUNDING_FORMS), byType),
    total: z.number(),
  }),
);

export const PayrollInput = named(
  'PayrollInput',
  z.strictObject({
    /** The unit whose payroll it is; the roster of it and its subtree is held against it. */
    orgId,
    // 4 MiB of base64 (3 MiB of file): a payroll of tens of thousands of rows, within a Lambda's 6 MB request.
    file: z.strictObject({ name: text({ max: 255 }, z.regex(/\.(csv|xlsx)$/i)), contentBase64: z.base64().check(z.maxLength(4 * 1024 * 1024)) }),
  }),
);

export const PayrollResult = named(
  'PayrollResult',
  z.object({
    orgId: z.string(),
    sheet: z.optional(z.string()),
    paidNotOnRoster: z.array(
      z.object({ row: z.number(), name: z.string(), nationalId: z.string(), unitName: z.optional(z.string()), amount: z.optional(z.number()) }),
    ),
    onRosterNotPaid: z.array(
      z.object({
        personId: z.string(),
        orgId: z.string(),
        orgName: z.optional(z.string()),
        name: z.string(),
        quotaType: z.enum(QUOTA_TYPES),
      }),
    ),
    nameMismatch: z.array(
      z.object({ row: z.number(), nationalId: z.string(), payrollName: z.string(), rosterName: z.string(), personId: z.string(), orgId: z.string() }),
    ),
    /** Rows that pay someone a second time (the row the person was first paid on is named). */
    paidTwice: z.array(z.object({ path: z.string(), message: z.string(), messageZh: z.string() })),
    matched: z.number(),
    totals: z.object({ peoplePaid: z.number(), rowsWithAmount: z.number(), amountPaid: z.number(), amountPaidNotOnRoster: z.number() }),
  }),
);
