/** Matters (机构编制事项): the office's matter catalog, and a matter's submission, routing and reading. */
import { route } from '../manifest-types.ts';
import { OFFICE_ROLES } from '../roles.ts';
import { Matter, MatterCatalog, MatterCatalogInput, MatterIdParams, MatterInput, MatterList } from '../schemas/matters.ts';
import { OrgIdParams } from '../schemas/registry.ts';
import { matter } from './prefetch.ts';

export const mattersRoutes = [
  route({
    method: 'GET',
    path: '/matter-catalog',
    function: 'matters',
    access: { roles: ['department', ...OFFICE_ROLES] },
    tag: 'matters',
    summary:
      'The matter catalog: matter types (class, business areas, required materials, stage due dates, registry change), business areas and their sections, initiating situations',
    response: { status: 200, schema: MatterCatalog },
  }),
  route({
    method: 'PUT',
    path: '/matter-catalog',
    function: 'matters',
    access: { roles: ['officeAdmin'] },
    tag: 'matters',
    summary: 'Replace the matter catalog as a whole (audited; give the version read, a catalog changed meanwhile is not overwritten)',
    body: MatterCatalogInput,
    response: { status: 200, schema: MatterCatalog },
    errors: ['STALE_CATALOG'],
  }),
  route({
    method: 'POST',
    path: '/matters',
    function: 'matters',
    access: { roles: ['department', 'leader', 'officeAdmin'] },
    tag: 'matters',
    summary:
      'Submit a matter (Idempotency-Key required): checked against its type in the catalog, then routed to one accountable lead section (and co-sections, or a task force for a major task) with the reason recorded',
    body: MatterInput,
    idempotent: true,
    response: { status: 201, schema: Matter },
    errors: ['IDEMPOTENCY_RACE'],
  }),
  route({
    method: 'GET',
    path: '/matters/{matterId}',
    prefetch: matter,
    function: 'matters',
    scopedBy: 'matterId',
    access: { roles: ['department', ...OFFICE_ROLES] },
    tag: 'matters',
    summary: 'One matter: its type, proposal record, materials, routing and status',
    params: MatterIdParams,
    response: { status: 200, schema: Matter },
    errors: ['NOT_FOUND'],
  }),
  route({
    method: 'GET',
    path: '/organizations/{orgId}/matters',
    function: 'matters',
    scopedBy: 'orgId',
    access: { roles: ['department', ...OFFICE_ROLES] },
    tag: 'matters',
    summary: 'The matters of one organization, newest first',
    params: OrgIdParams,
    response: { status: 200, schema: MatterList },
  }),
] as const;
