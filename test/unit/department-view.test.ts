import { describe, expect, it } from 'vitest';
import { matterForDepartment } from '../../shared/domain/department-view.ts';
import { type AuditRecord, auditEntry } from '../../shared/domain/matters/timeline.ts';
import type { Matter } from '../../shared/schemas/matters.ts';

const step = (by: string, sectionId: string) => ({ decision: 'approve', opinion: '同意', by, at: '2026-11-28T02:00:00.000Z', sectionId });
const matter = {
  matterId: 'matter-5c1e8a0b7d294f36',
  submittedBy: 'd001-clerk',
  routing: {
    class: 'major',
    leadSectionId: 'organs-section',
    coSections: ['institutions-section'],
    taskForce: [
      { userId: 'zhang-wei', sectionId: 'organs-section' },
      { userId: 'li-na', sectionId: 'institutions-section' },
    ],
  },
  proposalReview: step('zhang-wei', 'organs-section'),
  opinions: [step('li-na', 'institutions-section')],
  assessment: step('zhang-wei', 'organs-section'),
  deliberation: step('demo-leader', 'leadership'),
  document: {
    number: '咸编发〔2026〕30号',
    copies: [{ sectionId: 'egov-center', taskId: 'task-c', receivedAt: '2026-12-02T01:00:00Z', receivedBy: 'wang-fang' }],
  },
} as unknown as Matter;

describe("a department's view of its matter", () => {
  it("keeps every decision, opinion and section, and its own clerk, but none of the office's people", () => {
    const seen = matterForDepartment(matter);
    const text = JSON.stringify(seen);
    for (const officeUser of ['zhang-wei', 'li-na', 'demo-leader', 'wang-fang']) expect(text, officeUser).not.toContain(officeUser);
    expect(seen.submittedBy).toBe('d001-clerk');
    expect(seen.opinions).toEqual([{ decision: 'approve', opinion: '同意', at: '2026-11-28T02:00:00.000Z', sectionId: 'institutions-section' }]);
    expect(seen.routing.coSections).toEqual(['institutions-section']);
    expect(seen.document?.copies?.[0]).toMatchObject({ sectionId: 'egov-center', receivedAt: '2026-12-02T01:00:00Z' });
    // The office's own record is not changed by the view.
    expect(matter.proposalReview?.by).toBe('zhang-wei');
  });

  it('names on the timeline the department’s own people and the system, and the office’s people by role only, in what it says too', () => {
    const TASK = 'task-m5c1e8a0b7d294f36r1p0';
    const entry = (action: string, actor: string, role: string, after?: unknown): AuditRecord => ({
      at: '2026-11-28T02:00:00Z',
      actor,
      role,
      entityType: 'task',
      entityId: TASK,
      action,
      after,
    });
    const claim = entry('claim', 'zhang-wei', 'sectionStaff', { claimedBy: 'zhang-wei' });
    const reassign = entry('reassign', 'zhang-wei', 'sectionStaff', { from: 'zhang-wei', to: 'li-na' });
    for (const e of [claim, reassign]) {
      const seen = auditEntry(e, 'department');
      expect(seen).not.toHaveProperty('who');
      expect(seen.role).toBe('sectionStaff');
      expect(JSON.stringify(seen), e.action).not.toMatch(/zhang-wei|li-na/);
    }
    expect(auditEntry(claim, 'department').whatZh).toBe('「动议」已由承办人认领');
    expect(auditEntry(reassign, 'office')).toMatchObject({ who: 'zhang-wei', whatZh: '「动议」转办给 li-na' });
    expect(auditEntry(entry('submit', 'd001-clerk', 'department'), 'department')).toMatchObject({ who: 'd001-clerk' });
    expect(auditEntry(entry('enterStage', 'matter-workflow', 'system'), 'department')).toMatchObject({ who: 'matter-workflow' });
  });

  it('says the office submitted a matter it opened or a major task, without naming who', () => {
    expect(matterForDepartment({ ...matter, class: 'major', submittedBy: 'demo-leader' } as Matter).submittedBy).toBe('office');
    expect(matterForDepartment({ ...matter, class: 'simple', origin: { kind: 'inspection', inspectionId: 'i1', findingIds: [] } } as Matter).submittedBy).toBe(
      'office',
    );
    expect(matterForDepartment({ ...matter, class: 'simple' } as Matter).submittedBy).toBe('d001-clerk');
  });
});
