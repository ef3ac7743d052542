/** Supervision (监督问效): supervision letters (督办函) and their rectification. */
import { AREA_RESULTS, CHECKLIST_AREAS, INSPECTION_STATUSES, SEVERITIES } from '../domain/supervision/inspections.ts';
import { LEAD_PARTIES, LEAD_PROBLEMS, LEAD_STATUSES } from '../domain/supervision/lead-transfers.ts';
import { LETTER_STATUSES } from '../domain/supervision/letters.ts';
import { DELIVERY_METHODS, NOTIFICATION_LETTER_STATUSES } from '../domain/supervision/notification-letters.ts';
import { WARNING_KINDS } from '../domain/supervision/warnings.ts';
import { isoDate } from './date.ts';
import { orgId } from './registry.ts';
import { text } from './text.ts';
import * as z from './zod.ts';
import { matching, named, wholeNumber, wholeNumberFromText } from './zod.ts';

export const letterId = matching(/^letter-[a-f0-9]{16}$/);
export const LetterIdParams = z.object({ letterId });
/** The supervision section's lists: by status (open first by rectification date), a page at a time. */
export const LetterListQuery = z.object({
  status: z.optional(z.enum(LETTER_STATUSES)),
  limit: z.optional(wholeNumberFromText(1, 100)),
  nextToken: z.optional(z.string()),
});
export const OrgLetterListQuery = z.object({ limit: z.optional(wholeNumberFromText(1, 100)), nextToken: z.optional(z.string()) });

const Report = z.object({ note: z.string(), evidence: z.array(z.string()), by: z.string(), at: z.string() });
const Verification = z.object({ outcome: z.enum(['verified', 'rejected']), opinion: z.string(), by: z.string(), at: z.string() });

export const SupervisionLetter = named(
  'SupervisionLetter',
  z.object({
    letterId: z.string(),
    /** 咸编办发〔year〕N号: the office's own series. */
    number: z.string(),
    /** The addressee: the unit whose items are overdue. */
    orgId: z.string(),
    addresseeZh: z.string(),
    issuedOn: z.string(),
    /** The date by which the unit is to have rectified, in working days from issue. */
    rectifyBy: z.string(),
    rectifyByProvisional: z.optional(z.boolean()),
    /** What is to be put right: implementation items past their deadline (matterId), or an inspection's findings (inspectionId). */
    items: z.array(
      z.object({
        matterId: z.optional(z.string()),
        matterTitle: z.optional(z.string()),
        inspectionId: z.optional(z.string()),
        item: z.string(),
        itemZh: z.string(),
        dueDate: z.optional(z.string()),
        severity: z.optional(z.enum(['minor', 'serious'])),
      }),
    ),
    bodyZh: z.string(),
    status: z.enum(LETTER_STATUSES),
    /** The unit's reports of its rectification, latest last. */
    reports: z.array(Report),
    /** The supervision section's verdicts on them, latest last. */
    verifications: z.array(Verification),
    issuedBy: z.string(),
    /** Goes up by one with every change (each change is conditioned on the version it read). */
    version: z.optional(z.number()),
  }),
);
export type SupervisionLetter = z.infer<typeof SupervisionLetter>;

export const LetterList = named('LetterList', z.object({ items: z.array(SupervisionLetter), nextToken: z.optional(z.string()) }));

export const RectificationInput = named(
  'RectificationInput',
  z.strictObject({
    note: text({ min: 4, max: 2000, multiline: true }),
    /** References to the evidence (documents, registration certificates, minutes). */
    evidence: z.array(text({ min: 1, max: 200 })).check(z.minLength(1), z.maxLength(20)),
  }),
);

export const VerificationInput = named(
  'VerificationInput',
  z.strictObject({
    outcome: z.enum(['verified', 'rejected']),
    opinion: text({ min: 2, max: 2000, multiline: true }),
  }),
);

/** 约谈: the interview of the unit's head that goes with a suspension. */
const Interview = z.strictObject({
  date: isoDate,
  headName: text({ min: 1, max: 50 }),
  interviewers: text({ min: 1, max: 200 }),
  minutesRef: text({ min: 1, max: 200 }),
});

/** Graded handling of poor rectification (R-SUP-6): the unit's approvals are suspended, its head interviewed. */
export const SuspensionInput = named(
  'SuspensionInput',
  z.strictObject({
    /** The letter whose rectification was poor: past its date unrectified, or a report found wanting. */
    letterId,
    reason: text({ min: 4, max: 1000, multiline: true }),
    interview: Interview,
  }),
);
export const LiftSuspensionInput = named('LiftSuspensionInput', z.strictObject({ reason: text({ min: 4, max: 1000, multiline: true }) }));

export const Suspension = named(
  'Suspension',
  z.object({
    orgId: z.string(),
    letterId: z.string(),
    letterNumber: z.string(),
    reason: z.string(),
    interview: z.object({ date: z.string(), headName: z.string(), interviewers: z.string(), minutesRef: z.string() }),
    status: z.enum(['active', 'lifted']),
    suspendedBy: z.string(),
    suspendedAt: z.string(),
    liftedBy: z.optional(z.string()),
    liftedAt: z.optional(z.string()),
    liftReason: z.optional(z.string()),
  }),
);
export type Suspension = z.infer<typeof Suspension>;

/** The supervision section's view of one unit: what blocks it now, its letters, its suspensions. */
export const OrgSupervision = named(
  'OrgSupervision',
  z.object({
    orgId: z.string(),
    /** What the joint pre-review refuses the unit's new plans and matters for, now. */
    blocks: z.array(z.object({ kind: z.string(), reason: z.string(), reasonZh: z.optional(z.string()) })),
    letters: z.array(SupervisionLetter),
    suspensions: z.array(Suspension),
    /** Its open early warnings (GET /organizations/{orgId}/warnings has the closed ones too). */
    warnings: z.array(z.object({ code: z.string(), kind: z.string(), overBy: z.number(), messageZh: z.string(), raisedAt: z.string() })),
    /** Its special inspections, newest year first, by status. */
    inspections: z.array(z.object({ inspectionId: z.string(), year: z.number(), status: z.string(), letterId: z.optional(z.string()) })),
  }),
);

export const noticeId = matching(/^nl-[a-f0-9]{12}$/);
export const NoticeParams = z.object({ orgId, noticeId });

export const NotificationLetter = named(
  'NotificationLetter',
  z.object({
    noticeId: z.string(),
    orgId: z.string(),
    orgNameZh: z.string(),
    headName: z.string(),
    /** The day the head took office; the letter is due one calendar month later. */
    since: z.string(),
    dueDate: z.string(),
    status: z.enum(NOTIFICATION_LETTER_STATUSES),
    /** Past its due date and not delivered (as of the reply). */
    overdue: z.boolean(),
    bodyZh: z.string(),
    createdAt: z.string(),
    /** 咸编办发〔year〕N号, taken when the letter is delivered. */
    number: z.optional(z.string()),
    delivery: z.optional(z.object({ deliveredOn: z.string(), method: z.enum(DELIVERY_METHODS), recipient: z.string(), by: z.string(), at: z.string() })),
  }),
);
export type NotificationLetter = z.infer<typeof NotificationLetter>;
export const NotificationLetterList = named('NotificationLetterList', z.object({ items: z.array(NotificationLetter), nextToken: z.optional(z.string()) }));
export const NotificationLetterListQuery = z.object({
  status: z.optional(z.enum(NOTIFICATION_LETTER_STATUSES)),
  limit: z.optional(wholeNumberFromText(1, 100)),
  nextToken: z.optional(z.string()),
});

export const DeliveryInput = named(
  'DeliveryInput',
  z.strictObject({ deliveredOn: isoDate, method: z.enum(DELIVERY_METHODS), recipient: text({ min: 1, max: 50 }) }),
);

export const EarlyWarning = named(
  'EarlyWarning',
  z.object({
    orgId: z.string(),
    /** `overQuota#<quotaType>` or `overPostQuota#<grade>#<track>`. */
    code: z.string(),
    kind: z.enum(WARNING_KINDS),
    approved: z.number(),
    used: z.number(),
    overBy: z.number(),
    message: z.string(),
    messageZh: z.string(),
    status: z.enum(['open', 'closed']),
    raisedAt: z.string(),
    closedAt: z.optional(z.string()),
  }),
);
export const WarningList = named('WarningList', z.object({ items: z.array(EarlyWarning), nextToken: z.optional(z.string()) }));
export const OrgWarnings = named('OrgWarnings', z.object({ orgId: z.string(), open: z.array(EarlyWarning), closed: z.array(EarlyWarning) }));

export const ReconciliationReport = named(
  'ReconciliationReport',
  z.object({
    day: z.string(),
    asOf: z.string(),
    organizations: z.number(),
    people: z.number(),
    driftCount: z.number(),
    /** The first 500 differences, by unit and field. */
    drift: z.array(z.object({ orgId: z.string(), field: z.string(), counter: z.number(), records: z.number() })),
    warningsRaised: z.number(),
    warningsClosed: z.number(),
    /** Units whose reconciliation failed (the others went on), and units that changed while they were counted. */
    failed: z.array(z.string()),
    changedWhileCounted: z.array(z.string()),
    reads: z.object({ requests: z.number(), capacityUnits: z.number() }),
    durationMs: z.number(),
  }),
);

export const leadId = matching(/^lead-[a-f0-9]{16}$/);
export const LeadIdParams = z.object({ leadId });

/** 移送单: the transfer form's standard fields. */
export const LeadTransferInput = named(
  'LeadTransferInput',
  z.strictObject({
    /** The receiving side: a body when the office sends, `office` when a body sends. */
    to: z.enum(['office', ...LEAD_PARTIES]),
    /** The unit the lead concerns. */
    orgId,
    title: text({ min: 4, max: 100 }),
    problem: z.enum(LEAD_PROBLEMS),
    facts: text({ min: 10, max: 4000, multiline: true }),
    evidence: z.array(text({ min: 1, max: 200 })).check(z.maxLength(20)),
    /** What the sender asks the receiver to do. */
    requested: z.optional(text({ min: 2, max: 1000, multiline: true })),
  }),
);
export const LeadStepInput = named('LeadStepInput', z.strictObject({ note: text({ min: 2, max: 2000, multiline: true }) }));
export const LeadListQuery = z.object({
  party: z.optional(z.enum(LEAD_PARTIES)),
  limit: z.optional(wholeNumberFromText(1, 100)),
  nextToken: z.optional(z.string()),
});

export const LeadTransfer = named(
  'LeadTransfer',
  z.object({
    leadId: z.string(),
    from: z.string(),
    to: z.string(),
    /** The body on the other side of the office (whichever way the lead goes). */
    party: z.enum(LEAD_PARTIES),
    orgId: z.string(),
    orgNameZh: z.string(),
    title: z.string(),
    problem: z.enum(LEAD_PROBLEMS),
    facts: z.string(),
    evidence: z.array(z.string()),
    requested: z.optional(z.string()),
    status: z.enum(LEAD_STATUSES),
    sentBy: z.string(),
    sentAt: z.string(),
    /** The next step, by when (none once fed back). */
    due: z.optional(z.object({ step: z.string(), dueDate: z.string(), provisional: z.boolean() })),
    overdue: z.boolean(),
    steps: z.array(z.object({ status: z.enum(LEAD_STATUSES), by: z.string(), at: z.string(), note: z.optional(z.string()) })),
    /** Reminders the daily sweep sent for a step due or overdue. */
    reminders: z.array(z.object({ step: z.string(), on: z.string() })),
  }),
);
export type LeadTransfer = z.infer<typeof LeadTransfer>;
export const LeadTransferList = named('LeadTransferList', z.object({ items: z.array(LeadTransfer), nextToken: z.optional(z.string()) }));

export const inspectionId = matching(/^\d{4}-[A-Za-z0-9-]{1,64}$/);
export const InspectionIdParams = z.object({ inspectionId });
export const ChecklistParams = z.object({ inspectionId, area: z.enum(CHECKLIST_AREAS) });
export const DrawYearParams = z.object({ year: wholeNumberFromText(2000, 2100) });

export const DrawInput = named(
  'DrawInput',
  z.strictObject({
    year: wholeNumber(2000, 2100),
    /** Recorded with the draw; the same seed over the same records gives the same sample. Random when not given. */
    seed: z.optional(matching(/^[A-Za-z0-9._-]{4,64}$/)),
    /** The share of each population drawn, at least 0.2. */
    rate: z.optional(z.number().check(z.gte(0.2), z.lte(1))),
  }),
);

export const InspectionDraw = named(
  'InspectionDraw',
  z.object({
    year: z.number(),
    seed: z.string(),
    rate: z.number(),
    method: z.string(),
    populations: z.record(z.string(), z.object({ size: z.number(), drawn: z.number() })),
    units: z.array(
      z.object({ orgId: z.string(), population: z.string(), weight: z.number(), lastInspectedYear: z.optional(z.number()), openProblems: z.number() }),
    ),
    status: z.enum(['drawing', 'drawn']),
    drawnBy: z.string(),
    drawnAt: z.string(),
  }),
);

const FindingInput = z.strictObject({
  description: text({ min: 4, max: 1000, multiline: true }),
  severity: z.enum(SEVERITIES),
  problem: z.enum(LEAD_PROBLEMS),
});
export const ChecklistInput = named(
  'ChecklistInput',
  // At most 10 an area: one letter and its referrals stay within one transaction and one item.
  z.strictObject({ result: z.enum(['compliant', 'findings']), findings: z.array(FindingInput).check(z.maxLength(10)) }),
);
export const ConclusionInput = named('ConclusionInput', z.strictObject({ summary: text({ min: 4, max: 2000, multiline: true }) }));

export const Inspection = named(
  'Inspection',
  z.object({
    inspectionId: z.string(),
    year: z.number(),
    orgId: z.string(),
    orgNameZh: z.string(),
    population: z.string(),
    status: z.enum(INSPECTION_STATUSES),
    checklist: z.array(
      z.object({
        area: z.enum(CHECKLIST_AREAS),
        labelZh: z.string(),
        result: z.enum(AREA_RESULTS),
        findings: z.array(z.object({ findingId: z.string(), description: z.string(), severity: z.enum(SEVERITIES), problem: z.string() })),
        by: z.optional(z.string()),
        at: z.optional(z.string()),
      }),
    ),
    summary: z.optional(z.string()),
    /** The supervision letter listing the findings, and the leads referred to discipline inspection. */
    letterId: z.optional(z.string()),
    leadIds: z.optional(z.array(z.string())),
    /** The establishment-adjustment matter opened for idle duties or person-post separation (R-SUP-6). */
    adjustmentMatterId: z.optional(z.string()),
    concludedBy: z.optional(z.string()),
    concludedAt: z.optional(z.string()),
    /** Goes up by one with every change (each change is conditioned on the version it read). */
    version: z.optional(z.number()),
  }),
);
export type Inspection = z.infer<typeof Inspection>;
export const InspectionList = named('InspectionList', z.object({ items: z.array(Inspection) }));
