/** Sets up test units over HTTP, as the office would: an organ with 行政编制 and its own department clerk. */
import { expect } from 'vitest';
import type { Host } from '../../infra/local/host.ts';
import { callApi } from './api.ts';
import { makeUscc } from './codes.ts';

const DOC = '咸编发〔2026〕7号';

export const setUpUnits = async (
  host: Pick<Host, 'apiUrl' | 'issuer'>,
  units: { orgId: string; name: string; clerk: string; usccNo: number; approved?: number }[],
) => {
  for (const u of units) {
    const made = await callApi(host, 'POST', '/organizations', 'demo-section', {
      orgId: u.orgId,
      name: u.name,
      kind: 'organ',
      fundingForm: 'fullFunding',
      uscc: makeUscc('1', u.usccNo),
      legalPersonStatus: 'registered',
      documentNumber: DOC,
      effectiveDate: '2026-01-01',
    });
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    const quota = { approved: u.approved ?? 10, documentNumber: DOC, effectiveDate: '2026-01-01' };
    expect((await callApi(host, 'PUT', `/organizations/${u.orgId}/quotas/administrative`, 'demo-section', quota)).status).toBe(200);
    const clerk = { userId: u.clerk, displayName: `${u.name}办公室`, role: 'department', organizationId: u.orgId };
    expect((await callApi(host, 'POST', '/users', 'demo-admin', clerk)).status).toBe(201);
  }
};
