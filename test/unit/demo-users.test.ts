/** Every section a plan can go to has a demo user who can open its tasks. */
import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../infra/local/demo-users.ts';
import { approvingSections } from '../../shared/domain/plans/rules.ts';
import { QUOTA_TYPES } from '../../shared/domain/registry/rules.ts';

describe('demo users', () => {
  it('include someone in every section that can receive an approval task, and the leadership for escalations', () => {
    const sections = new Set(QUOTA_TYPES.flatMap((t) => [...approvingSections(t, 1), ...approvingSections(t, 200)]));
    for (const section of sections) {
      expect(
        DEMO_USERS.filter((u) => u.sectionId === section).map((u) => u.userId),
        section,
      ).not.toEqual([]);
    }
    expect(DEMO_USERS.some((u) => u.role === 'leader')).toBe(true);
  });
});
