/**
 * The annual special inspection (R-SUP-5, R-SUP-6) over HTTP on the embedded host: the draw
 * takes at least a fifth of each population from a recorded seed (the same seed, the same
 * sample), favours a unit with an open problem, opens a checklist per drawn unit; concluding an
 * inspection with findings writes them up in a supervision letter that blocks the unit, and a
 * serious finding becomes a lead transfer to discipline inspection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawSample } from '../../shared/domain/supervision/sampling.ts';
import { callApi } from '../support/api.ts';
import { makeUscc } from '../support/codes.ts';
import { eventually, startTestHost } from '../support/host.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
const DOC = '咸编发〔2026〕7号';
const call = (method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}) =>
  callApi(host, method, path, user, body, headers);

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
  // 10 departments, each with 2 institutions: 10 and 20 in the two populations.
  for (let d = 0; d < 10; d++) {
    const orgId = `insp-d${d}`;
    const made = await call('POST', '/organizations', 'demo-section', {
      orgId,
      name: `检查测试局${d}`,
      kind: 'organ',
      fundingForm: 'fullFunding',
      uscc: makeUscc('1', 1000 + d),
      legalPersonStatus: 'registered',
      documentNumber: DOC,
      effectiveDate: '2026-01-01',
    });
    expect(made.status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const institution = await call('POST', '/organizations', 'demo-section', {
        orgId: `${orgId}-i${i}`,
        parentId: orgId,
        name: `检查测试局${d}所属中心${i}`,
        kind: 'publicInstitution',
        fundingForm: 'fullFunding',
        uscc: makeUscc('2', 1100 + d * 2 + i),
        legalPersonStatus: 'registered',
        documentNumber: DOC,
        effectiveDate: '2026-01-01',
      });
      expect(institution.status, JSON.stringify(institution.json)).toBe(201);
    }
  }
  await call('POST', '/users', 'demo-admin', { userId: 'insp-clerk', displayName: '检查测试局0', role: 'department', organizationId: 'insp-d0' });
});
afterAll(async () => host?.cleanup());

describe('the annual special inspection', () => {
  it('draws at least a fifth of each population from a recorded seed, the same seed giving the same sample', async () => {
    const drawn = await call('POST', '/inspections/draws', 'demo-supervision', { year: 2026, seed: 'xn2026-test' });
    expect(drawn.status).toBe(201);
    expect(drawn.json).toMatchObject({
      year: 2026,
      seed: 'xn2026-test',
      rate: 0.2,
      status: 'drawn',
      populations: { department: { size: 10, drawn: 2 }, institution: { size: 20, drawn: 4 } },
    });
    expect(drawn.json.method).toMatch(/Efraimidis/);
    // Reproducible by anyone from the record: the published rule over the same units gives the same sample.
    const again = drawSample(
      drawn.json.units.length
        ? Array.from({ length: 10 }, (_, d) => [
            { orgId: `insp-d${d}`, population: 'department' as const, openProblems: 0 },
            ...[0, 1].map((i) => ({ orgId: `insp-d${d}-i${i}`, population: 'institution' as const, openProblems: 0 })),
          ]).flat()
        : [],
      'xn2026-test',
      2026,
    );
    expect(drawn.json.units.map((u: any) => u.orgId)).toEqual(again.units.map((u) => u.orgId));
    expect((await call('POST', '/inspections/draws', 'demo-supervision', { year: 2026 })).json.error.code).toBe('DRAW_EXISTS');
    expect((await call('GET', '/inspections/draws/2026', 'demo-leader')).json.seed).toBe('xn2026-test');
    const bad = await call('POST', '/inspections/draws', 'demo-supervision', { year: 2027, rate: 0.1 });
    expect(bad.status).toBe(422);
    expect(bad.json.error.issues[0].path).toBe('body.rate');
    expect((await call('POST', '/inspections/draws', 'insp-clerk', { year: 2027 })).status).toBe(403);
  });

  it('concludes an inspection with findings into a letter that blocks the unit, and refers a serious one to discipline inspection', async () => {
    // Draw 2027 with every unit, so the test knows the inspection is there.
    const draw = (await call('POST', '/inspections/draws', 'demo-supervision', { year: 2027, seed: 'all-units', rate: 1 })).json;
    expect(draw.populations).toEqual({ department: { size: 10, drawn: 10 }, institution: { size: 20, drawn: 20 } });
    const id = '2027-insp-d0';
    const inspection = (await call('GET', `/inspections/${id}`, 'demo-supervision')).json;
    expect(inspection.checklist.map((c: any) => [c.area, c.result])).toEqual([
      ['reformTasks', 'pending'],
      ['establishmentUse', 'pending'],
      ['discipline', 'pending'],
    ]);
    expect((await call('GET', '/organizations/insp-d0/inspections', 'insp-clerk')).json.items.map((i: any) => i.inspectionId)).toEqual([id]);

    const early = await call('POST', `/inspections/${id}/conclusion`, 'demo-supervision', { summary: '检查结束' });
    expect(early.json.error.issues[0]).toMatchObject({ path: 'params.inspectionId', rule: 'checklistPending' });
    const noFindings = await call('POST', `/inspections/${id}/checklist/establishmentUse`, 'demo-supervision', { result: 'findings', findings: [] });
    expect(noFindings.json.error.issues[0]).toMatchObject({ path: 'body.findings', rule: 'required' });
    await call('POST', `/inspections/${id}/checklist/reformTasks`, 'demo-supervision', { result: 'compliant', findings: [] });
    await call('POST', `/inspections/${id}/checklist/establishmentUse`, 'demo-supervision', {
      result: 'findings',
      findings: [
        { description: '所属中心在无空编情况下招录工作人员3名', severity: 'serious', problem: 'overEstablishment' },
        { description: '实名制信息更新不及时', severity: 'minor', problem: 'other' },
      ],
    });
    await call('POST', `/inspections/${id}/checklist/discipline`, 'demo-supervision', { result: 'compliant', findings: [] });
    const concluded = (await call('POST', `/inspections/${id}/conclusion`, 'demo-supervision', { summary: '存在超编进人等问题，按清单督办' })).json;
    expect(concluded).toMatchObject({ status: 'concluded', concludedBy: 'demo-supervision' });
    expect(concluded.leadIds).toHaveLength(1);

    // 清单式督办: one letter listing both findings, blocking the unit's new plans and matters.
    const letter = (await call('GET', `/supervision-letters/${concluded.letterId}`, 'demo-supervision')).json;
    expect(letter.items.map((i: any) => [i.item, i.severity])).toEqual([
      ['establishmentUse-1', 'serious'],
      ['establishmentUse-2', 'minor'],
    ]);
    expect(letter.bodyZh).toContain('按清单督办');
    expect(letter.items[0].itemZh).toBe('机构编制使用情况：所属中心在无空编情况下招录工作人员3名');
    const supervision = (await call('GET', '/organizations/insp-d0/supervision', 'insp-clerk')).json;
    expect(supervision.blocks.map((b: any) => b.kind)).toEqual(['openLetter']);
    // The serious finding is with discipline inspection, to acknowledge.
    const lead = (await call('GET', `/lead-transfers/${concluded.leadIds[0]}`, 'demo-discipline')).json;
    expect(lead).toMatchObject({ from: 'office', to: 'discipline', orgId: 'insp-d0', problem: 'overEstablishment', status: 'sent' });
    expect(lead.evidence).toContain(`inspection:${id}`);
    expect((await call('POST', `/inspections/${id}/conclusion`, 'demo-supervision', { summary: '再次结束' })).json.error.code).toBe('INSPECTION_CONCLUDED');
    // Discipline inspection, inspection tours and audit read the results: concluded inspections only.
    expect((await call('GET', '/organizations/insp-d0/inspections', 'demo-discipline')).json.items.map((i: any) => i.inspectionId)).toEqual([id]);
    const result = (await call('GET', `/inspections/${id}`, 'demo-audit')).json;
    expect(result).toMatchObject({ status: 'concluded', letterId: concluded.letterId });
    // Audit sees the findings, not the leads discipline inspection was sent, nor who in the office did what.
    expect([result.leadIds, result.concludedBy, result.checklist[1].by]).toEqual([undefined, undefined, undefined]);
    expect((await call('GET', '/inspections/2027-insp-d2', 'demo-inspection-tour')).status).toBe(404);
    expect((await call('GET', '/organizations/insp-d2/inspections', 'demo-inspection-tour')).json.items).toEqual([]);

    // A unit with an open problem is favoured in the next year's draw: with one open letter its weight is higher.
    const next = (await call('POST', '/inspections/draws', 'demo-supervision', { year: 2028, seed: 'next', rate: 1 })).json;
    const weights = new Map(next.units.map((u: any) => [u.orgId, u]));
    expect(weights.get('insp-d0')).toMatchObject({ openProblems: 1, lastInspectedYear: 2027 });
    expect((weights.get('insp-d0') as any).weight).toBeGreaterThan((weights.get('insp-d1') as any).weight);
  });

  it('opens an establishment-adjustment matter for idle duties, which the unit submits through pre-review past the letter that called for it', async () => {
    await call('POST', '/users', 'demo-admin', { userId: 'insp-clerk1', displayName: '检查测试局1', role: 'department', organizationId: 'insp-d1' });
    const id = '2027-insp-d1';
    if ((await call('GET', `/inspections/${id}`, 'demo-supervision')).status === 404) {
      await call('POST', '/inspections/draws', 'demo-supervision', { year: 2027, seed: 'all-units', rate: 1 });
    }
    await call('POST', `/inspections/${id}/checklist/reformTasks`, 'demo-supervision', {
      result: 'findings',
      findings: [{ description: '改革后划入的行政审批职责长期空转，人员另作他用', severity: 'minor', problem: 'idleDuties' }],
    });
    await call('POST', `/inspections/${id}/checklist/establishmentUse`, 'demo-supervision', { result: 'compliant', findings: [] });
    await call('POST', `/inspections/${id}/checklist/discipline`, 'demo-supervision', { result: 'compliant', findings: [] });
    const concluded = (await call('POST', `/inspections/${id}/conclusion`, 'demo-supervision', { summary: '存在职责空转问题，按程序调整' })).json;
    expect(concluded.adjustmentMatterId).toMatch(/^matter-/);
    expect(concluded.leadIds).toBeUndefined();

    const opened = await call('GET', `/matters/${concluded.adjustmentMatterId}`, 'insp-clerk1');
    expect(opened.json).toMatchObject({
      status: 'opened',
      orgId: 'insp-d1',
      typeId: 'organizationAdjustment',
      origin: { kind: 'inspection', inspectionId: id, letterId: concluded.letterId, findingIds: ['reformTasks-1'] },
      routing: { leadSectionId: 'organs-section' },
    });
    expect(opened.json.change.description).toContain('长期空转');
    const told = (await call('GET', '/organizations/insp-d1/notifications', 'insp-clerk1')).json.items;
    expect(told.find((m: any) => m.kind === 'matterOpened')?.matterId).toBe(concluded.adjustmentMatterId);

    // The unit submits it as any matter: its party group's decision and the type's materials are required.
    const submitIt = (body: Record<string, unknown>) => call('POST', `/matters/${concluded.adjustmentMatterId}/resubmit`, 'insp-clerk1', body);
    const bare = await submitIt({ correction: '按检查意见拟定调整方案' });
    expect(bare.status).toBe(422);
    expect(bare.json.error.issues.map((i: any) => `${i.path} ${i.rule}`)).toEqual(['body.partyGroupDecision required', 'body.priorCommunication required']);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const submitted = await submitIt({
      correction: '按检查意见拟定调整方案',
      partyGroupDecision: { date: today, minutesRef: '党组会议纪要第9次' },
      priorCommunication: { date: today, note: '已与机关编制科沟通调整方案' },
      materials: [
        { code: 'request', ref: 'att-1' },
        { code: 'partyGroupMinutes', ref: 'att-2' },
        { code: 'plan', ref: 'att-3' },
      ],
    });
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(200);
    expect(submitted.json).toMatchObject({ status: 'submitted', revision: 1, round: 1 });
    // The letter still blocks the unit's other matters, but not the adjustment it calls for: the lead section holds it.
    expect((await call('GET', '/organizations/insp-d1/supervision', 'insp-clerk1')).json.blocks.map((b: any) => b.kind)).toEqual(['openLetter']);
    const proposal = await eventually(
      async () =>
        (await call('GET', '/tasks', 'demo-section')).json.items.find((t: any) => t.matterId === concluded.adjustmentMatterId && t.step === 'proposal'),
      'the proposal task of the adjustment',
    );
    expect(proposal.sectionId).toBe('organs-section');
  });

  it('answers two draws of one year at once with one draw and a 409, and keeps two checklist areas recorded at once', async () => {
    const both = await Promise.all(
      [2029, 2029].map((year, i) => call('POST', '/inspections/draws', 'demo-supervision', { year, seed: `race-${i}-seed`, rate: 1 })),
    );
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.status === 409)!.json.error.code).toBe('DRAW_EXISTS');
    const id = '2029-insp-d1';
    const recorded = await Promise.all(
      ['reformTasks', 'discipline'].map((area) =>
        call('POST', `/inspections/${id}/checklist/${area}`, 'demo-supervision', { result: 'compliant', findings: [] }),
      ),
    );
    expect(recorded.map((r) => r.status)).toEqual([200, 200]);
    const now = (await call('GET', `/inspections/${id}`, 'demo-supervision')).json;
    expect(now.checklist.map((c: any) => [c.area, c.result])).toEqual([
      ['reformTasks', 'compliant'],
      ['establishmentUse', 'pending'],
      ['discipline', 'compliant'],
    ]);
  });
});
