/**
 * What a department reads of its own matters, plans and unit history. It sees every decision,
 * opinion and reason, and which section or the leadership gave it, but not which of the office's
 * people did: their user ids are the office's internal record (the audit chain keeps them for the
 * office and auditors), and a department that knew them could go round the section to a person.
 * Its own people's ids stay. Pure.
 */

import type { Matter } from '../schemas/matters.ts';
import type { Plan } from '../schemas/plans.ts';
import type { OrgHistory } from '../schemas/registry.ts';

/** Who submitted, when it was the office rather than one of the department's people. */
const OFFICE = 'office';

type Step = NonNullable<Matter['proposalReview']>;
const withoutBy = ({ by: _by, ...step }: Step): Step => step;

export const matterForDepartment = (m: Matter): Matter => {
  const { taskForce: _members, ...routing } = m.routing;
  // A matter the office opened (after an inspection) or submitted itself (a major task) names no person of the office either.
  const byOffice = m.origin !== undefined || m.class === 'major';
  return {
    ...m,
    ...(byOffice ? { submittedBy: OFFICE } : {}),
    // A task force is named people of the office; which sections it draws on is in `areas` and `coSections`.
    routing,
    ...(m.proposalReview ? { proposalReview: withoutBy(m.proposalReview) } : {}),
    ...(m.opinions ? { opinions: m.opinions.map(withoutBy) } : {}),
    ...(m.assessment ? { assessment: withoutBy(m.assessment) } : {}),
    ...(m.deliberation ? { deliberation: withoutBy(m.deliberation) } : {}),
    ...(m.document?.copies ? { document: { ...m.document, copies: m.document.copies.map(({ receivedBy: _r, ...c }) => c) } } : {}),
  };
};

/** A plan's decisions by section, without the person who recorded each. */
export const planForDepartment = (p: Plan): Plan => (p.decisions ? { ...p, decisions: p.decisions.map(({ by: _by, ...d }) => d) } : p);

/** A unit's history: its corrections are the office's, said as such. */
export const historyForDepartment = (h: OrgHistory): OrgHistory => ({ ...h, corrections: h.corrections.map((c) => ({ ...c, actor: OFFICE })) });
