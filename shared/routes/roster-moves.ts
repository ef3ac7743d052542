/** People taking reserved slots: on-establishment (上编) and transfers (调动) asked and released. */
import { route } from '../manifest-types.ts';
import { OFFICE_ROLES } from '../roles.ts';
import { OnboardResult } from '../schemas/forms.ts';
import {
  CancelTransferInput,
  OnboardInput,
  PlanIdParams,
  TransferIdParams,
  TransferRequest,
  TransferRequestInput,
  TransferRequestList,
} from '../schemas/plans.ts';
import { OrgIdParams } from '../schemas/registry.ts';
import * as z from '../schemas/zod.ts';
import { orgAndCounter, plan, transfer } from './prefetch.ts';

const PlanOrgParams = z.extend(OrgIdParams, PlanIdParams.shape);

export const rosterMovesRoutes = [
  route({
    method: 'POST',
    path: '/organizations/{orgId}/transfers',
    function: 'rosterMoves',
    scopedBy: 'orgId',
    access: { roles: ['department', 'egovCenter'] },
    tag: 'plans',
    summary:
      'Ask for a transfer (调动) into this unit: a person on another roster (by national ID) is to take one slot of this unit’s approved plan; the sending unit releases or declines',
    params: OrgIdParams,
    body: TransferRequestInput,
    response: { status: 201, schema: TransferRequest },
    errors: ['NO_RESERVED_SLOT', 'SAME_UNIT', 'ORGANIZATION_ABOLISHED'],
  }),
  route({
    method: 'GET',
    path: '/organizations/{orgId}/transfers',
    function: 'rosterMoves',
    scopedBy: 'orgId',
    access: { roles: ['department', ...OFFICE_ROLES] },
    tag: 'plans',
    summary: 'Transfers of one unit: those it asked (incoming) and those asked of it (outgoing), newest first',
    params: OrgIdParams,
    response: { status: 200, schema: TransferRequestList },
  }),
  route({
    method: 'GET',
    path: '/transfers/{transferId}',
    function: 'rosterMoves',
    prefetch: transfer,
    scopedBy: 'transferId',
    access: { roles: ['department', ...OFFICE_ROLES] },
    tag: 'plans',
    summary: 'One transfer and where it stands',
    params: TransferIdParams,
    response: { status: 200, schema: TransferRequest },
    errors: ['NOT_FOUND'],
  }),
  route({
    method: 'POST',
    path: '/transfers/{transferId}/release',
    function: 'rosterMoves',
    prefetch: transfer,
    scopedBy: 'transferId',
    access: { roles: ['department', 'egovCenter'] },
    tag: 'plans',
    summary: 'The sending unit (or the office) releases the person: they leave its roster and take the receiving plan’s slot, in one transaction',
    params: TransferIdParams,
    response: { status: 200 },
    errors: ['NOT_FOUND', 'TRANSFER_CLOSED', 'NOT_ON_ROLL', 'NO_RESERVED_SLOT', 'ORGANIZATION_ABOLISHED'],
  }),
  route({
    method: 'POST',
    path: '/transfers/{transferId}/cancel',
    function: 'rosterMoves',
    prefetch: transfer,
    scopedBy: 'transferId',
    access: { roles: ['department', 'egovCenter'] },
    tag: 'plans',
    summary: 'Close a transfer that was not released: the receiving unit withdraws its ask, or the sending unit declines',
    params: TransferIdParams,
    body: CancelTransferInput,
    response: { status: 200, schema: TransferRequest },
    errors: ['NOT_FOUND', 'TRANSFER_CLOSED'],
  }),
  route({
    method: 'POST',
    path: '/organizations/{orgId}/plans/{planId}/people',
    prefetch: (p) => ({ ...orgAndCounter(p), ...plan(p) }),
    function: 'rosterMoves',
    scopedBy: 'orgId',
    access: { roles: ['department', 'egovCenter'] },
    tag: 'plans',
    summary: 'On-establishment (上编): a named person takes one reserved slot of an approved plan; returns the forms to print',
    params: PlanOrgParams,
    body: OnboardInput,
    response: { status: 201, schema: OnboardResult },
    errors: ['NOT_FOUND', 'NO_RESERVED_SLOT', 'DUPLICATE_PERSON', 'ORGANIZATION_ABOLISHED'],
  }),
] as const;
