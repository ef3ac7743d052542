/** Every code a user may read has a Chinese label, and an enum's labels come from its own vocabulary. */
import { describe, expect, it } from 'vitest';
import { CALENDAR_SOURCES } from '../../shared/domain/calendar/holiday-calendar.ts';
import { labelsOf, MATTER_STATUS_LABELS } from '../../shared/domain/labels.ts';
import { POST_GRADES, POST_TRACKS } from '../../shared/domain/registry/establishment.ts';
import { FUNDING_FORMS, ORGANIZATION_KINDS, QUOTA_TYPES } from '../../shared/domain/registry/rules.ts';
import { LEGAL_PERSON_STATES } from '../../shared/domain/registry/validate.ts';
import { ROLES } from '../../shared/roles.ts';
import { MATTER_STATUSES } from '../../shared/schemas/matters.ts';
import { DECISIONS, OFFBOARD_REASONS, PLAN_STATUSES, PlanInput } from '../../shared/schemas/plans.ts';

const CHANNELS = PlanInput.shape.channel.options;

describe('labels', () => {
  it.each([
    ['quota types', QUOTA_TYPES],
    ['organization kinds', ORGANIZATION_KINDS],
    ['funding forms', FUNDING_FORMS],
    ['legal-person states', LEGAL_PERSON_STATES],
    ['post grades', POST_GRADES],
    ['post tracks', POST_TRACKS],
    ['roles', ROLES],
    ['offboard reasons', OFFBOARD_REASONS],
    ['plan channels', CHANNELS],
    ['plan statuses', PLAN_STATUSES],
    ['decisions', DECISIONS],
    ['holiday calendar sources', CALENDAR_SOURCES],
  ] as const)('name every one of the %s in Chinese', (_, codes) => {
    const labels = labelsOf(codes);
    expect(labels).toHaveLength(codes.length);
    for (const l of labels!) expect(l).toMatch(/^[\p{Script=Han}（）、]+$/u);
  });

  it('name every status of a matter in Chinese (its flow chart shows it)', () => {
    expect(Object.keys(MATTER_STATUS_LABELS).sort()).toEqual([...MATTER_STATUSES].sort());
    for (const l of Object.values(MATTER_STATUS_LABELS)) expect(l).toMatch(/^[\p{Script=Han}（）、]+$/u);
  });

  it('read a code in the vocabulary of the enum it came with', () => {
    expect(labelsOf(QUOTA_TYPES)).toContain('事业编制');
    expect(labelsOf(ORGANIZATION_KINDS)).toContain('事业单位');
    expect(labelsOf(['administrative', 'organ'])).toBeUndefined();
  });
});
