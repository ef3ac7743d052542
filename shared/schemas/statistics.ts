/** Statistics and spreadsheet exports (R-EXT-4). */
import { FUNDING_FORMS, ORGANIZATION_KINDS, QUOTA_TYPES } from '../domain/registry/rules.ts';
import { orgId } from './registry.ts';
import * as z from './zod.ts';
import { named } from './zod.ts';

/** Whose figures: one organization and its subtree (a department's own by default), or the whole city for the office. */
export const StatisticsQuery = z.object({ orgId: z.optional(orgId) });

const byType = z.object(Object.fromEntries(QUOTA_TYPES.map((t) => [t, z.number()])) as Record<(typeof QUOTA_TYPES)[number], z.ZodMiniNumber>);
const Figures = z.object({
  units: z.number(),
  quota: z.number(),
  onRoll: z.number(),
  reserved: z.number(),
  /** Vacant slots (a type held over its quota counts none here). */
  vacancy: z.number(),
  /** People held above quota (on the roll and reserved, beyond the quota of their type). */
  overBy: z.number(),
  overQuotaUnits: z.number(),
});
const Scope = z.object({ orgId: z.optional(z.string()), nameZh: z.string() });

export const EstablishmentStatistics = named(
  'EstablishmentStatistics',
  z.object({
    scope: Scope,
    asOf: z.string(),
    totals: Figures,
    byQuotaType: z.record(z.enum(QUOTA_TYPES), Figures),
    byFundingForm: z.record(z.enum(FUNDING_FORMS), Figures),
    byKind: z.record(z.enum(ORGANIZATION_KINDS), Figures),
    /** Each unit's line, for one department's scope; the whole city's are in its workbook. */
    units: z.optional(
      z.array(
        z.object({
          orgId: z.string(),
          name: z.string(),
          kind: z.enum(ORGANIZATION_KINDS),
          fundingForm: z.enum(FUNDING_FORMS),
          departmentId: z.string(),
          parentId: z.optional(z.string()),
          quota: byType,
          onRoll: byType,
          reserved: byType,
          vacancy: byType,
          overQuota: z.array(z.enum(QUOTA_TYPES)),
        }),
      ),
    ),
  }),
);

export const MatterStatistics = named(
  'MatterStatistics',
  z.object({
    scope: Scope,
    asOf: z.string(),
    open: z.number(),
    overdue: z.number(),
    byStage: z.array(z.object({ status: z.string(), labelZh: z.string(), open: z.number(), overdue: z.number() })),
    overdueMatters: z.array(z.object({ matterId: z.string(), orgId: z.string(), title: z.string(), status: z.string(), dueDate: z.string() })),
  }),
);

export const SupervisionStatistics = named(
  'SupervisionStatistics',
  z.object({
    scope: Scope,
    asOf: z.string(),
    warnings: z.object({ open: z.number(), byKind: z.record(z.string(), z.number()), units: z.number() }),
    letters: z.object({ open: z.number(), reported: z.number(), pastRectification: z.number() }),
    ledger: z.object({ open: z.number(), overdue: z.number() }),
  }),
);
