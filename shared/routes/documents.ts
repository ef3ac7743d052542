/**
 * Official documents as .docx in the GB/T 9704 layout (R-EXT-4), each produced from its record
 * alone: the approval document of an issued matter, a supervision letter, a delivered
 * notification letter, a plan's staffing-use approval notice and a unit's establishment card.
 */
import { route } from '../manifest-types.ts';
import { OFFICE_ROLES } from '../roles.ts';
import { MatterIdParams } from '../schemas/matters.ts';
import { PlanIdParams } from '../schemas/plans.ts';
import { AsAtQuery, OrgIdParams, PersonParams } from '../schemas/registry.ts';
import { LetterIdParams, NoticeParams } from '../schemas/supervision.ts';
import { letter, matter, orgAndCounter, person, plan } from './prefetch.ts';

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const READERS = ['department', ...OFFICE_ROLES] as const;

export const documentsRoutes = [
  route({
    method: 'GET',
    path: '/matters/{matterId}/document.docx',
    function: 'documents',
    prefetch: matter,
    scopedBy: 'matterId',
    access: { roles: READERS },
    tag: 'documents',
    summary: 'The approval document (批复) of an issued matter: its number, the change approved, the implementation asked for, 抄送 and 印发',
    params: MatterIdParams,
    response: { status: 200, contentType: DOCX },
    errors: ['NOT_FOUND', 'NOT_ISSUED', 'DOCUMENT_UNAVAILABLE'],
  }),
  route({
    method: 'GET',
    path: '/supervision-letters/{letterId}/document.docx',
    function: 'documents',
    prefetch: letter,
    scopedBy: 'letterId',
    access: { roles: READERS },
    tag: 'documents',
    summary: 'A supervision letter (督办函) with its items in a table and its rectification deadline',
    params: LetterIdParams,
    response: { status: 200, contentType: DOCX },
    errors: ['NOT_FOUND', 'DOCUMENT_UNAVAILABLE'],
  }),
  route({
    method: 'GET',
    path: '/organizations/{orgId}/notification-letters/{noticeId}/document.docx',
    function: 'documents',
    scopedBy: 'orgId',
    access: { roles: READERS },
    tag: 'documents',
    summary: 'A notification letter (告知函) to a new principal head, once its delivery is recorded (it is numbered then)',
    params: NoticeParams,
    response: { status: 200, contentType: DOCX },
    errors: ['NOT_FOUND', 'NOT_DELIVERED', 'DOCUMENT_UNAVAILABLE'],
  }),
  route({
    method: 'GET',
    path: '/plans/{planId}/notice.docx',
    function: 'documents',
    prefetch: plan,
    scopedBy: 'planId',
    access: { roles: READERS },
    tag: 'documents',
    summary: 'The staffing-use approval notice (核准使用编制通知单) of an approved plan',
    params: PlanIdParams,
    response: { status: 200, contentType: DOCX },
    errors: ['NOT_FOUND', 'NOT_APPROVED', 'DOCUMENT_UNAVAILABLE'],
  }),
  route({
    method: 'GET',
    path: '/people/{personId}/establishment-card.docx',
    function: 'documents',
    prefetch: person,
    scopedBy: 'personId',
    access: { roles: READERS },
    tag: 'documents',
    summary: 'A person’s establishment card (编制卡), as issued when they came onto a slot of an approved plan: card number, unit, name, quota type, date',
    params: PersonParams,
    response: { status: 200, contentType: DOCX },
    errors: ['NOT_FOUND', 'NOT_ON_ROLL', 'NO_CARD', 'DOCUMENT_UNAVAILABLE'],
  }),
  route({
    method: 'GET',
    path: '/organizations/{orgId}/establishment-card.docx',
    function: 'documents',
    prefetch: orgAndCounter,
    scopedBy: 'orgId',
    access: { roles: READERS },
    tag: 'documents',
    summary:
      'A unit’s establishment sheet (机构编制卡): its quotas of each type, on the roll, reserved and vacant, and its leadership posts, today or `asAt` a past date',
    params: OrgIdParams,
    query: AsAtQuery,
    response: { status: 200, contentType: DOCX },
    errors: ['NOT_FOUND', 'DOCUMENT_UNAVAILABLE'],
  }),
] as const;
