/**
 * Every role against every route of the manifest, for the caller's own organization and
 * another one: a role the route does not name gets 403 before anything is read or validated;
 * a department user gets 403 outside its own subtree. Bodies are deliberately empty, so an
 * allowed call stops at validation (422) and writes nothing.
 */

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../infra/local/demo-users.ts';
import { ROUTE_EXAMPLES } from '../../shared/api-examples.ts';
import { ddb } from '../../shared/data/ddb.ts';
import { keys } from '../../shared/data/keys.ts';
import { manifest } from '../../shared/manifest.ts';
import { type RouteDecl, routeKey } from '../../shared/manifest-types.ts';
import { ROLES, type Role } from '../../shared/roles.ts';
import { makeNationalId, makeUscc } from '../support/codes.ts';
import { startTestHost } from '../support/host.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
const people: Record<'own' | 'other', string> = { own: '', other: '' };
const plans: Record<'own' | 'other', string> = { own: '', other: '' };
const matters: Record<'own' | 'other', string> = { own: '', other: '' };
const transfers: Record<'own' | 'other', string> = { own: 'tr-0000000000000001', other: 'tr-0000000000000002' };
const letters: Record<'own' | 'other', string> = { own: 'letter-0000000000000001', other: 'letter-0000000000000002' };
const DOC = '咸编发〔2026〕7号';

const request = async (method: string, path: string, user: string, body?: unknown) => {
  const res = await fetch(`${host.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await host.issuer.sign(user)}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json().catch(() => undefined)) as any };
};

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
  for (const [i, orgId] of ['own-dept', 'other-dept'].entries()) {
    const made = await request('POST', '/organizations', 'demo-section', {
      orgId,
      name: `矩阵单位${i}`,
      kind: 'organ',
      fundingForm: 'fullFunding',
      uscc: makeUscc('1', 300 + i),
      legalPersonStatus: 'registered',
      documentNumber: DOC,
      effectiveDate: '2026-01-01',
    });
    expect(made.status).toBe(201);
    await request('PUT', `/organizations/${orgId}/quotas/administrative`, 'demo-section', { approved: 2, documentNumber: DOC, effectiveDate: '2026-01-01' });
    const p = await request('POST', `/organizations/${orgId}/people`, 'demo-egov', {
      nationalId: makeNationalId('1985-07-07', 301 + 2 * i),
      name: '刘洋',
      quotaType: 'administrative',
      onRollSince: '2026-02-01',
    });
    people[i === 0 ? 'own' : 'other'] = p.json.personId;
  }
  await request('PATCH', '/users/demo-department', 'demo-admin', { organizationId: 'own-dept', reason: 'matrix' });
  await request('POST', '/users', 'demo-admin', { userId: 'matrix-other-dept', displayName: '他单位', role: 'department', organizationId: 'other-dept' });
  for (const [which, user] of [
    ['own', 'demo-department'],
    ['other', 'matrix-other-dept'],
  ] as const) {
    const res = await fetch(`${host.apiUrl}/plans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await host.issuer.sign(user)}`, 'content-type': 'application/json', 'idempotency-key': `matrix-${which}-plan` },
      body: JSON.stringify({ orgId: `${which}-dept`, quotaType: 'administrative', count: 1, channel: 'other', reason: '矩阵测试用' }),
    });
    plans[which] = ((await res.json()) as any).planId;
    const m = await fetch(`${host.apiUrl}/matters`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await host.issuer.sign(user)}`, 'content-type': 'application/json', 'idempotency-key': `matrix-${which}-matter` },
      body: JSON.stringify({ ...(ROUTE_EXAMPLES['POST /matters']!.request as object), orgId: `${which}-dept` }),
    });
    matters[which] = ((await m.json()) as any).matterId;
  }
  // Transfer requests as they are stored: one that concerns the department's own unit (it sends), one between two others.
  for (const [which, fromOrgId, toOrgId] of [
    ['own', 'own-dept', 'other-dept'],
    ['other', 'other-dept', 'third-dept'],
  ] as const) {
    const t = {
      transferId: transfers[which],
      personId: people.other,
      fromOrgId,
      toOrgId,
      planId: plans.other,
      date: '2026-11-01',
      status: 'requested',
      requestedBy: 'matrix',
      requestedAt: '2026-11-01T00:00:00.000Z',
    };
    await ddb().send(
      new PutCommand({
        TableName: process.env.TABLE_MATTERS,
        Item: { ...keys.transfer(t.transferId), ...keys.transferInIndex(toOrgId, t.requestedAt), ...keys.transferOutIndex(fromOrgId, t.requestedAt), ...t },
      }),
    );
  }
  // Supervision letters as the daily sweep stores them, one to each unit.
  for (const which of ['own', 'other'] as const) {
    const l = {
      letterId: letters[which],
      number: `咸编办发〔2026〕${which === 'own' ? 1 : 2}号`,
      orgId: `${which}-dept`,
      addresseeZh: '矩阵单位',
      issuedOn: '2026-11-01',
      rectifyBy: '2026-11-15',
      items: [],
      bodyZh: '督办',
      status: 'open',
      reports: [],
      verifications: [],
      issuedBy: 'matrix',
    };
    await ddb().send(
      new PutCommand({
        TableName: process.env.TABLE_MATTERS,
        Item: {
          ...keys.letter(l.letterId),
          ...keys.letterIndex(l.orgId, l.issuedOn, l.letterId),
          ...keys.letterStatusIndex(l.status, l.rectifyBy, l.letterId),
          ...l,
        },
      }),
    );
  }
});
afterAll(async () => host?.cleanup());

const userFor = (role: Role) => DEMO_USERS.find((u) => u.role === role)!.userId;

/** Sample path values; a new path parameter needs one here, or this test says so. */
const paramValue = (name: string, which: 'own' | 'other'): string => {
  switch (name) {
    case 'orgId':
      return which === 'own' ? 'own-dept' : 'other-dept';
    case 'personId':
      return people[which];
    case 'userId':
      return 'demo-leader';
    case 'quotaType':
      return 'administrative';
    case 'grade':
      return 'sectionChief';
    case 'planId':
      return plans[which];
    case 'matterId':
      return matters[which];
    case 'item':
      return 'implementationReport';
    case 'taskId':
      return 'task-0000000000';
    case 'transferId':
      return transfers[which];
    case 'letterId':
      return letters[which];
    case 'noticeId':
      return 'nl-000000000001';
    case 'leadId':
      return 'lead-0000000000000001';
    case 'inspectionId':
      return '2027-own-dept';
    case 'area':
      return 'reformTasks';
    case 'year':
      return '2027';
    default:
      throw new Error(`role matrix: give a sample value for path parameter {${name}}`);
  }
};

const ORG_SCOPED = (r: RouteDecl) => /\{orgId\}|\{personId\}|\{planId\}|\{matterId\}|\{transferId\}|\{letterId\}/.test(r.path);
const protectedRoutes = manifest.routes.filter((r) => r.access !== 'public');

describe('role matrix', () => {
  for (const route of protectedRoutes) {
    for (const which of ORG_SCOPED(route) ? (['own', 'other'] as const) : (['own'] as const)) {
      it(`${routeKey(route)}${ORG_SCOPED(route) ? ` (${which} organization)` : ''}`, async () => {
        const path = route.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(paramValue(n, which)));
        const body = route.body ? {} : undefined;
        const rows: string[] = [];
        for (const role of ROLES) {
          const allowed = route.access !== 'public' && route.access.roles.includes(role);
          const { status, json } = await request(route.method, path, userFor(role), body);
          const scopedOut = role === 'department' && ORG_SCOPED(route) && which === 'other';
          const expectForbidden = !allowed || scopedOut;
          const ok = expectForbidden ? status === 403 && json?.error?.code === 'FORBIDDEN' : status !== 403 && status !== 401 && status < 500;
          if (!ok) rows.push(`${role}: got ${status}, expected ${expectForbidden ? 403 : 'not 403'}`);
        }
        expect(rows).toEqual([]);
      });
    }
  }
});
