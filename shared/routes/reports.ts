/** Statistics and spreadsheet exports (R-EXT-4): served from counters and indexes, a department's own only. */
import { route } from '../manifest-types.ts';
import { OFFICE_ROLES, type Role } from '../roles.ts';
import { OrgIdParams } from '../schemas/registry.ts';
import { EstablishmentStatistics, MatterStatistics, StatisticsQuery, SupervisionStatistics } from '../schemas/statistics.ts';
import { orgAndCounter } from './prefetch.ts';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Who reads the figures: the office, a department its own, and finance and personnel, who plan money and people by them. */
const READERS: Role[] = ['department', ...OFFICE_ROLES, 'finance', 'personnel'];
const SCOPE_NOTE = ' A department sees its own subtree (`orgId` may name a unit in it); the office the whole city, or `orgId` and its subtree.';

export const reportsRoutes = [
  route({
    method: 'GET',
    path: '/statistics/establishment',
    function: 'reports',
    access: { roles: READERS },
    tag: 'statistics',
    summary: `Establishment use and vacancy by unit, quota type, funding form and kind of unit, summed from the units' counters.${SCOPE_NOTE}`,
    query: StatisticsQuery,
    response: { status: 200, schema: EstablishmentStatistics },
    errors: ['NOT_FOUND'],
  }),
  route({
    method: 'GET',
    path: '/statistics/matters',
    function: 'reports',
    access: { roles: ['department', ...OFFICE_ROLES] },
    tag: 'statistics',
    summary: `Open matters by stage, and those past their stage's due date (longest overdue first).${SCOPE_NOTE}`,
    query: StatisticsQuery,
    response: { status: 200, schema: MatterStatistics },
    errors: ['NOT_FOUND'],
  }),
  route({
    method: 'GET',
    path: '/statistics/supervision',
    function: 'reports',
    access: { roles: ['department', ...OFFICE_ROLES] },
    tag: 'statistics',
    summary: `Open warnings by kind, supervision letters open, reported and past their rectification date, and the ledger's open and overdue implementation items.${SCOPE_NOTE}`,
    query: StatisticsQuery,
    response: { status: 200, schema: SupervisionStatistics },
    errors: ['NOT_FOUND'],
  }),
  route({
    method: 'GET',
    path: '/exports/statistics.xlsx',
    function: 'reports',
    access: { roles: READERS },
    tag: 'statistics',
    summary: `The establishment statistics as a workbook (.xlsx): by unit, by quota type, by funding form, with Chinese headers and frozen header rows; the office's adds matters and warnings.${SCOPE_NOTE}`,
    query: StatisticsQuery,
    response: { status: 200, contentType: XLSX },
    errors: ['NOT_FOUND'],
  }),
  route({
    method: 'GET',
    path: '/exports/ledger.xlsx',
    function: 'reports',
    access: { roles: ['department', ...OFFICE_ROLES] },
    tag: 'statistics',
    summary: `The supervision ledger (督办台账) as a workbook: open implementation items with their deadlines, and the supervision letters not yet closed with their items.${SCOPE_NOTE}`,
    query: StatisticsQuery,
    response: { status: 200, contentType: XLSX },
    errors: ['NOT_FOUND'],
  }),
  route({
    method: 'GET',
    path: '/organizations/{orgId}/roster.xlsx',
    function: 'reports',
    prefetch: orgAndCounter,
    scopedBy: 'orgId',
    access: { roles: ['department', ...OFFICE_ROLES] },
    tag: 'statistics',
    summary: "One unit's real-name roster as a workbook, national IDs masked for the roles that see them masked in the API",
    params: OrgIdParams,
    response: { status: 200, contentType: XLSX },
    errors: ['NOT_FOUND'],
  }),
] as const;
