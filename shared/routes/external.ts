/** What the office's partners read and ask (R-EXT-1, R-EXT-2): personnel and finance. */
import { route } from '../manifest-types.ts';
import { OFFICE_ROLES } from '../roles.ts';
import { AppointmentAnswer, AppointmentCheckInput, Headcount, HeadcountQuery, PayrollInput, PayrollResult, Vacancies } from '../schemas/external.ts';
import { OrgIdParams } from '../schemas/registry.ts';
import { orgAndCounter } from './prefetch.ts';

export const externalRoutes = [
  route({
    method: 'GET',
    path: '/personnel/organizations/{orgId}/vacancies',
    function: 'external',
    prefetch: orgAndCounter,
    scopedBy: 'orgId',
    access: { roles: ['personnel', ...OFFICE_ROLES] },
    tag: 'external',
    summary:
      'A unit’s vacancies for recruitment and appointment: its slots of each type (approved, on the roll, reserved by approved plans, vacant), its leadership posts, and the approved plans with slots still to fill',
    params: OrgIdParams,
    response: { status: 200, schema: Vacancies },
    errors: ['NOT_FOUND'],
  }),
  route({
    method: 'POST',
    path: '/personnel/appointment-checks',
    function: 'external',
    access: { roles: ['personnel', ...OFFICE_ROLES] },
    tag: 'external',
    summary:
      'May this slot or post be filled for this person now? Yes or no with every reason: a recruit needs a slot an approved plan reserved; a leadership post a vacant post of its grade and track, for someone on the unit’s roll. Nothing is written',
    body: AppointmentCheckInput,
    response: { status: 200, schema: AppointmentAnswer },
    errors: ['NOT_FOUND'],
  }),
  route({
    method: 'GET',
    path: '/finance/headcount',
    function: 'external',
    access: { roles: ['finance', ...OFFICE_ROLES] },
    tag: 'external',
    summary:
      'Headcount by unit, quota type and funding form, today from the counters, or `asAt` a past date from the history and the roster (then for one `orgId` and its subtree, at most 200 units). Counts only: no names, no national IDs',
    query: HeadcountQuery,
    response: { status: 200, schema: Headcount },
    errors: ['NOT_FOUND'],
  }),
  route({
    method: 'POST',
    path: '/finance/payroll-reconciliations',
    function: 'external',
    access: { roles: ['finance'] },
    tag: 'external',
    summary:
      'Holds a payroll list (.xlsx or .csv: 姓名, 身份证号, and 单位 and 应发工资/实发工资/金额 where given) against the roster of the unit and its subtree: the people paid but not on the roster, those on it but not paid, names that differ, with amounts. National IDs come back masked; nothing is stored',
    body: PayrollInput,
    response: { status: 200, schema: PayrollResult },
    errors: ['NOT_FOUND'],
  }),
] as const;
