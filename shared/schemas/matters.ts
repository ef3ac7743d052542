/** Matters (机构编制事项): the catalog the office keeps, a department's submission, and the matter record. */
import { DAY_KINDS, LEAD_RULES, MATTER_CLASSES, MATTER_STAGES, REGISTRY_CHANGES } from '../domain/matters/catalog.ts';
import { IMPLEMENTATION_ITEMS } from '../domain/matters/implementation.ts';
import { POST_GRADES, POST_TRACKS } from '../domain/registry/establishment.ts';
import { FUNDING_FORMS, INSTITUTION_CATEGORIES, ORGANIZATION_KINDS, QUOTA_TYPES } from '../domain/registry/rules.ts';
import { isoDate } from './date.ts';
import { msg } from './messages.ts';
import { orgId } from './registry.ts';
import { text } from './text.ts';
import { userId } from './users.ts';
import * as z from './zod.ts';
import { matching, named, wholeNumber } from './zod.ts';

/** Codes of catalog entries (area, situation, type, material): ASCII, so they travel in paths and execution names. */
const code = matching(/^[A-Za-z][A-Za-z0-9-]{1,39}$/, msg('catalogCode'));
const nameZh = text({ min: 1, max: 60 });

export const matterId = matching(/^matter-[a-f0-9]{16}$/);
export const MatterIdParams = z.object({ matterId });

const StageDue = z.strictObject({ days: wholeNumber(1, 365), kind: z.enum(DAY_KINDS) });

export const MatterCatalogInput = named(
  'MatterCatalogInput',
  z.strictObject({
    /** The version read (GET /matter-catalog): a catalog changed meanwhile is not overwritten. */
    version: wholeNumber(0),
    reason: text({ min: 2, max: 500 }),
    businessAreas: z
      .array(
        z.strictObject({
          areaId: code,
          nameZh,
          sectionId: text({ min: 1, max: 64 }),
          importance: wholeNumber(1, 100),
          quotaTypes: z.optional(z.array(z.enum(QUOTA_TYPES)).check(z.minLength(1))),
        }),
      )
      .check(z.minLength(1), z.maxLength(100)),
    initiatingSituations: z.array(z.strictObject({ code, nameZh: text({ min: 2, max: 200 }) })).check(z.minLength(1), z.maxLength(20)),
    matterTypes: z
      .array(
        z.strictObject({
          typeId: code,
          nameZh,
          class: z.enum(MATTER_CLASSES),
          areas: z.array(z.strictObject({ areaId: code, share: wholeNumber(1, 100) })).check(z.minLength(1), z.maxLength(20)),
          leadRule: z.optional(z.enum(LEAD_RULES)),
          important: z.boolean(),
          requiredMaterials: z.array(z.strictObject({ code, nameZh: text({ min: 2, max: 100 }) })).check(z.maxLength(30)),
          stageDue: z.strictObject({ proposal: StageDue, argumentation: StageDue, deliberation: StageDue, implementation: StageDue }),
          registryChange: z.enum(REGISTRY_CHANGES),
        }),
      )
      .check(z.minLength(1), z.maxLength(100)),
  }),
);
export type MatterCatalogInput = z.infer<typeof MatterCatalogInput>;

export const MatterCatalog = named(
  'MatterCatalog',
  z.object({
    version: wholeNumber(0),
    /** `builtIn`: the catalog the office starts with, not yet edited. */
    source: z.enum(['builtIn', 'stored']),
    businessAreas: MatterCatalogInput.shape.businessAreas,
    initiatingSituations: MatterCatalogInput.shape.initiatingSituations,
    matterTypes: MatterCatalogInput.shape.matterTypes,
    updatedAt: z.optional(z.string()),
    updatedBy: z.optional(z.string()),
  }),
);
export type MatterCatalog = z.infer<typeof MatterCatalog>;

/** What the approved matter changes in the registry; which fields a type needs is checked against its catalog entry. */
export const MatterChange = z.strictObject({
  quotaType: z.optional(z.enum(QUOTA_TYPES)),
  count: z.optional(wholeNumber(1, 10_000)),
  name: z.optional(text({ min: 2, max: 100 })),
  grade: z.optional(z.enum(POST_GRADES)),
  track: z.optional(z.enum(POST_TRACKS)),
  description: z.optional(text({ min: 4, max: 2000, multiline: true })),
  /** A set-up: the new unit's id, kind and funding form; it is set up under the submitting unit on issue. */
  newOrgId: z.optional(orgId),
  kind: z.optional(z.enum(ORGANIZATION_KINDS)),
  fundingForm: z.optional(z.enum(FUNDING_FORMS)),
  civilServiceManaged: z.optional(z.boolean()),
  /** 主要职责 as they are to read after the change: the whole text, not the difference. */
  functions: z.optional(text({ min: 4, max: 4000, multiline: true })),
  /** 内设机构 as they are to be after the change: every one by name. */
  internalUnits: z.optional(z.array(text({ min: 2, max: 60 })).check(z.minLength(1), z.maxLength(60))),
  institutionCategory: z.optional(z.enum(INSTITUTION_CATEGORIES)),
});
export type MatterChange = z.infer<typeof MatterChange>;

/** 机构编制事项申请: the proposal (动议) as the department's party group decided it. */
export const MatterInput = named(
  'MatterInput',
  z.strictObject({
    orgId,
    typeId: code,
    title: text({ min: 4, max: 100 }),
    /** One of the catalog's initiating situations (启动事项的五种情形). */
    situation: code,
    /** 党组（党委）集体决策: when, and the minutes that record it. */
    partyGroupDecision: z.strictObject({ date: isoDate, minutesRef: text({ min: 2, max: 100 }) }),
    /** 事前沟通 with the office before the formal submission. */
    priorCommunication: z.strictObject({ date: isoDate, note: text({ min: 2, max: 1000, multiline: true }) }),
    /** The materials the type requires, each by its code and a reference to the attached file. */
    materials: z.array(z.strictObject({ code, ref: text({ min: 1, max: 200 }) })).check(z.maxLength(30)),
    change: MatterChange,
    /** 专班 of a major task: named people of the office, from two sections or more (the office sets up major tasks). */
    taskForce: z.optional(z.array(userId).check(z.minLength(2), z.maxLength(30))),
  }),
);
export type MatterInput = z.infer<typeof MatterInput>;

/** Where a matter stands: pre-review, one of the stages, or how it ended. */
export const MATTER_STATUSES = [
  /** Opened by the office for the unit (an inspection found idle duties): the unit submits it with its party group's decision. */
  'opened',
  'submitted',
  'preReview',
  'refused',
  'proposal',
  'argumentation',
  'deliberation',
  'returned',
  'rejected',
  'issued',
  'closed',
  'withdrawn',
  'failed',
] as const;
/** While a matter is in one of these, its workflow must be running. */
export const OPEN_MATTER_STATUSES = ['submitted', 'preReview', 'proposal', 'argumentation', 'deliberation'] as const;

const StepRecord = z.object({
  decision: z.string(),
  opinion: z.optional(z.string()),
  by: z.optional(z.string()),
  at: z.optional(z.string()),
  sectionId: z.optional(z.string()),
  taskId: z.optional(z.string()),
  details: z.optional(z.record(z.string(), z.unknown())),
});
const Reason = z.object({ code: z.string(), message: z.string(), messageZh: z.string() });

export const Matter = named(
  'Matter',
  z.object({
    matterId: z.string(),
    revision: wholeNumber(),
    orgId: z.string(),
    departmentId: z.string(),
    typeId: z.string(),
    typeNameZh: z.string(),
    class: z.enum(MATTER_CLASSES),
    important: z.boolean(),
    registryChange: z.enum(REGISTRY_CHANGES),
    title: z.string(),
    situation: z.object({ code: z.string(), nameZh: z.string() }),
    /** Absent only while a matter the office opened waits for the unit to submit it. */
    partyGroupDecision: z.optional(z.object({ date: z.string(), minutesRef: z.string() })),
    priorCommunication: z.optional(z.object({ date: z.string(), note: z.string() })),
    materials: z.array(z.object({ code: z.string(), nameZh: z.string(), ref: z.string() })),
    /** Why the office opened it (R-SUP-6): the inspection and its findings of idle duties or person-post separation. */
    origin: z.optional(
      z.object({ kind: z.literal('inspection'), inspectionId: z.string(), letterId: z.optional(z.string()), findingIds: z.array(z.string()) }),
    ),
    change: MatterChange,
    /**
     * What the unit had when the matter was submitted, for a change that replaces it whole
     * (functions, internal units, category; null: none recorded): issue checks it still has it.
     */
    basis: z.optional(
      z.object({
        functions: z.optional(z.nullable(z.string())),
        internalUnits: z.optional(z.nullable(z.array(z.string()))),
        institutionCategory: z.optional(z.nullable(z.enum(INSTITUTION_CATEGORIES))),
      }),
    ),
    routing: z.object({
      class: z.enum(MATTER_CLASSES),
      leadSectionId: z.string(),
      rule: z.enum(['responsible', ...LEAD_RULES]),
      reason: z.string(),
      reasonZh: z.string(),
      coSections: z.array(z.string()),
      areas: z.array(z.object({ areaId: z.string(), sectionId: z.string(), share: wholeNumber() })),
      taskForce: z.optional(z.array(z.object({ userId: z.string(), sectionId: z.string() }))),
    }),
    status: z.enum(MATTER_STATUSES),
    /** The stage the matter is in, or was in when it ended. */
    stage: z.optional(z.enum(MATTER_STAGES)),
    /** Goes up by one on every return to an earlier stage: the tasks of each pass are new. */
    round: wholeNumber(1),
    executionName: z.string(),
    /** Each stage's time as the catalog gave it when the matter was submitted. */
    stageDue: z.object({ proposal: StageDue, argumentation: StageDue, deliberation: StageDue, implementation: StageDue }),
    /** Each stage's due date as it was set when the matter entered it. */
    due: z.optional(z.record(z.string(), z.object({ dueDate: z.string(), provisional: z.boolean(), kind: z.enum(DAY_KINDS), days: wholeNumber() }))),
    preReview: z.optional(z.array(z.object({ check: z.string(), ok: z.boolean(), reasons: z.array(Reason) }))),
    proposalReview: z.optional(StepRecord),
    opinions: z.optional(z.array(StepRecord)),
    assessment: z.optional(StepRecord),
    deliberation: z.optional(StepRecord),
    document: z.optional(
      z.object({
        number: z.string(),
        issuedOn: z.string(),
        registryChange: z.enum(REGISTRY_CHANGES),
        applied: z.boolean(),
        /** Why the change was not applied on issue, when the registry could have made it (an abolished unit still holding people). */
        notApplied: z.optional(z.object({ message: z.string(), messageZh: z.string() })),
        /** 抄送: each recipient's follow-up task, and its receipt once acknowledged. */
        copies: z.optional(
          z.array(
            z.object({
              sectionId: z.string(),
              taskId: z.string(),
              followUpZh: z.string(),
              receivedAt: z.optional(z.string()),
              receivedBy: z.optional(z.string()),
            }),
          ),
        ),
      }),
    ),
    /** The implementation stage: its deadline, the ledger's items, and when the loop closed. */
    implementation: z.optional(z.object({ dueDate: z.string(), items: z.array(z.enum(IMPLEMENTATION_ITEMS)), closedAt: z.optional(z.string()) })),
    outcome: z.optional(Reason),
    /** The catalog version the matter was routed under. */
    catalogVersion: wholeNumber(0),
    submittedBy: z.string(),
    submittedAt: z.string(),
    /** When the current revision was resubmitted (its workflow started), and what was corrected. */
    revisedAt: z.optional(z.string()),
    correction: z.optional(z.string()),
  }),
);
export type Matter = z.infer<typeof Matter>;

export const LedgerItem = named(
  'LedgerItem',
  z.object({
    matterId: z.string(),
    orgId: z.string(),
    item: z.enum(IMPLEMENTATION_ITEMS),
    itemZh: z.string(),
    dueDate: z.string(),
    status: z.enum(['open', 'done']),
    /** The department's report: what was done, and references to the evidence. */
    report: z.optional(z.object({ note: z.string(), evidence: z.array(z.string()), by: z.string(), at: z.string() })),
    /** The supervision letter that wrote the item up when it passed its deadline. */
    letterId: z.optional(z.string()),
  }),
);
export type LedgerItem = z.infer<typeof LedgerItem>;
export const Implementation = named(
  'Implementation',
  z.object({ matterId: z.string(), status: z.enum(MATTER_STATUSES), items: z.array(LedgerItem), closedAt: z.optional(z.string()) }),
);
export const LedgerItemParams = z.object({ matterId, item: z.enum(IMPLEMENTATION_ITEMS) });
export const ImplementationReportInput = named(
  'ImplementationReportInput',
  z.strictObject({
    note: text({ min: 4, max: 2000, multiline: true }),
    /** References to the attached evidence (documents, registration certificates, transfer lists). */
    evidence: z.array(text({ min: 1, max: 200 })).check(z.minLength(1), z.maxLength(20)),
  }),
);

/** 补正: what the department corrected, and the materials as they are now (checked against the type again). */
export const MatterResubmitInput = named(
  'MatterResubmitInput',
  z.strictObject({
    correction: text({ min: 4, max: 2000, multiline: true }),
    materials: z.optional(z.array(z.strictObject({ code, ref: text({ min: 1, max: 200 }) })).check(z.maxLength(30))),
    /** Required when the unit first submits a matter the office opened; a returned matter keeps its own. */
    partyGroupDecision: z.optional(MatterInput.shape.partyGroupDecision),
    priorCommunication: z.optional(MatterInput.shape.priorCommunication),
  }),
);

export type MatterResubmitInput = z.infer<typeof MatterResubmitInput>;

export const MatterList = named('MatterList', z.object({ items: z.array(Matter), nextToken: z.optional(z.string()) }));

/** One moment of a matter: an audit entry (the record) or a step of its workflow (shared/domain/matters/timeline.ts). */
export const TimelineEntry = named(
  'TimelineEntry',
  z.object({
    at: z.string(),
    source: z.enum(['audit', 'workflow']),
    what: z.string(),
    whatZh: z.string(),
    /** Audit: who acted (a user id, or `matter-workflow`), their role, and the action's code. */
    who: z.optional(z.string()),
    role: z.optional(z.string()),
    action: z.optional(z.string()),
    /** Workflow: the execution (`<matterId>-r<revision>`), the state of the flow chart, the history event's type. */
    execution: z.optional(z.string()),
    state: z.optional(z.string()),
    event: z.optional(z.string()),
  }),
);

export const MatterTimeline = named(
  'MatterTimeline',
  z.object({
    matterId: z.string(),
    items: z.array(TimelineEntry),
    /** Each revision's execution, and whether Step Functions still keeps its history (it does for 90 days after it ends). */
    executions: z.array(z.object({ name: z.string(), history: z.boolean() })),
  }),
);
export type MatterTimeline = z.infer<typeof MatterTimeline>;
