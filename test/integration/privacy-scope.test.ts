/**
 * What a caller may see: a department lists only its own subtree (the path separator counts),
 * a role that sees national IDs masked sees nothing that gives the birth date back, and a
 * person's id cannot be matched to a national ID without the deployment's key.
 */

import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from '../support/api.ts';
import { makeNationalId, makeUscc } from '../support/codes.ts';
import { startTestHost } from '../support/host.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
const DOC = '咸编发〔2026〕7号';
const ID = makeNationalId('1984-07-21', 57);

const call = (method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}) =>
  callApi(host, method, path, user, body, headers);

const org = (orgId: string, i: number, parentId?: string, kind = 'organ') =>
  call('POST', '/organizations', 'demo-section', {
    orgId,
    name: `单位${orgId}`,
    kind,
    parentId,
    fundingForm: 'fullFunding',
    uscc: makeUscc(kind === 'organ' ? '1' : '2', 600 + i),
    legalPersonStatus: kind === 'organ' ? 'registered' : 'registered',
    documentNumber: DOC,
    effectiveDate: '2026-01-01',
  });

let personId = '';
beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
  for (const [i, [id, parent]] of ([['edu'], ['edu-tech'], ['edu-sub', 'edu']] as [string, string?][]).entries())
    expect((await org(id, i, parent)).status).toBe(201);
  await call('PUT', '/organizations/edu/quotas/administrative', 'demo-section', { approved: 3, documentNumber: DOC, effectiveDate: '2026-01-01' });
  const p = await call('POST', '/organizations/edu/people', 'demo-egov', {
    nationalId: ID,
    name: '刘洋',
    quotaType: 'administrative',
    onRollSince: '2008-09-01',
  });
  expect(p.status).toBe(201);
  personId = p.json.personId;
  await call('PATCH', '/users/demo-department', 'demo-admin', { organizationId: 'edu', reason: 'scope test' });
});
afterAll(async () => host?.cleanup());

describe('a department’s subtree', () => {
  it('lists its own organization and those below it, not a sibling whose id merely starts the same', async () => {
    const listed = (await call('GET', '/organizations', 'demo-department')).json.items.map((o: any) => o.orgId).sort();
    expect(listed).toEqual(['edu', 'edu-sub']);
    expect((await call('GET', '/organizations/edu-tech', 'demo-department')).status).toBe(403);
    // Its own children, when it is abolished… only once they are gone.
    const refused = await call('POST', '/organizations/edu/events', 'demo-section', { event: 'abolish', documentNumber: DOC, effectiveDate: '2026-11-01' });
    expect(refused.json.error.issues[0]).toMatchObject({ rule: expect.stringMatching(/notEmpty|hasChildren/) });
  });
});

describe('a masked national ID', () => {
  it('comes with nothing that gives the birth date back: no birth date, no retirement date', async () => {
    const full = (await call('GET', `/people/${personId}`, 'demo-egov')).json;
    expect(full).toMatchObject({ nationalId: ID, birthDate: '1984-07-21' });
    expect(full.retirementDate).toBeDefined();
    for (const user of ['demo-section', 'demo-leader', 'demo-admin', 'demo-supervision']) {
      const masked = (await call('GET', `/people/${personId}`, user)).json;
      expect(masked.nationalId, user).toBe(`${ID.slice(0, 6)}********${ID.slice(14)}`);
      expect(masked.birthDate, user).toBeUndefined();
      expect(masked.retirementDate, user).toBeUndefined();
      expect(JSON.stringify(masked), user).not.toContain('1984');
    }
    const roster = (await call('GET', '/organizations/edu/people', 'demo-section')).json.items;
    expect(roster.every((p: any) => p.retirementDate === undefined && p.birthDate === undefined)).toBe(true);
  });
});

describe('a person’s id', () => {
  it('is a keyed hash of the national ID: no guessing of IDs finds it without the deployment key', () => {
    expect(personId).toMatch(/^p-[0-9a-f]{24}$/);
    const unkeyed = `p-${createHash('sha256').update(`bianzhi-person:${ID}`).digest('hex').slice(0, 24)}`;
    expect(personId).not.toBe(unkeyed);
    // With the key it is what it claims to be.
    const secret = readFileSync(join(host.dataDir, 'deployment-key'), 'utf8').trim();
    const key = createHmac('sha256', secret).update('bianzhi-key:personId').digest();
    expect(personId).toBe(`p-${createHmac('sha256', key).update(ID).digest('hex').slice(0, 24)}`);
  });
});
