/** Supervision (监督问效): supervision letters (督办函), their rectification and its verification. */
import { route } from '../manifest-types.ts';
import { OFFICE_ROLES } from '../roles.ts';
import { OrgIdParams } from '../schemas/registry.ts';
import {
  LetterIdParams,
  LetterList,
  LetterListQuery,
  OrgLetterListQuery,
  RectificationInput,
  SupervisionLetter,
  VerificationInput,
} from '../schemas/supervision.ts';
import { letter } from './prefetch.ts';

export const supervisionRoutes = [
  route({
    method: 'GET',
    path: '/supervision-letters',
    function: 'supervision',
    access: { roles: OFFICE_ROLES },
    tag: 'supervision',
    summary:
      'Supervision letters in one status (`status=open` by default; `reported` waits for verification, `rectified` are closed), soonest rectification date first',
    query: LetterListQuery,
    response: { status: 200, schema: LetterList },
  }),
  route({
    method: 'GET',
    path: '/supervision-letters/{letterId}',
    prefetch: letter,
    function: 'supervision',
    scopedBy: 'letterId',
    access: { roles: ['department', ...OFFICE_ROLES] },
    tag: 'supervision',
    summary: 'One supervision letter (督办函): its number, the overdue items, the rectification date, the reports and their verification',
    params: LetterIdParams,
    response: { status: 200, schema: SupervisionLetter },
    errors: ['NOT_FOUND'],
  }),
  route({
    method: 'GET',
    path: '/organizations/{orgId}/supervision-letters',
    function: 'supervision',
    scopedBy: 'orgId',
    access: { roles: ['department', ...OFFICE_ROLES] },
    tag: 'supervision',
    summary: 'The supervision letters written to one organization, newest first',
    params: OrgIdParams,
    query: OrgLetterListQuery,
    response: { status: 200, schema: LetterList },
  }),
  route({
    method: 'POST',
    path: '/supervision-letters/{letterId}/rectification',
    prefetch: letter,
    function: 'supervision',
    scopedBy: 'letterId',
    access: { roles: ['department'] },
    tag: 'supervision',
    summary: 'The unit reports its rectification with references to the evidence; the supervision section verifies it next',
    params: LetterIdParams,
    body: RectificationInput,
    response: { status: 200, schema: SupervisionLetter },
    errors: ['NOT_FOUND', 'LETTER_NOT_OPEN'],
  }),
  route({
    method: 'POST',
    path: '/supervision-letters/{letterId}/verification',
    prefetch: letter,
    function: 'supervision',
    scopedBy: 'letterId',
    access: { roles: ['supervisionSection'] },
    tag: 'supervision',
    summary:
      "The supervision section's verdict on the reported rectification: `verified` closes the letter (销号) and lifts the block on the unit's new plans and matters; `rejected` sends it back with the opinion",
    params: LetterIdParams,
    body: VerificationInput,
    response: { status: 200, schema: SupervisionLetter },
    errors: ['NOT_FOUND', 'LETTER_NOT_REPORTED'],
  }),
] as const;
