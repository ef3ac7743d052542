/**
 * Problem-lead transfers both ways (R-SUP-3) over HTTP on the embedded host: the office sends a
 * lead to discipline inspection and a body sends one to the office; each runs sent →
 * acknowledged → handled → fed back, with a deadline per step and a daily reminder once a step
 * is due; every party sees only its own transfers.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ddb } from '../../shared/data/ddb.ts';
import { keys } from '../../shared/data/keys.ts';
import { callApi } from '../support/api.ts';
import { eventually, startTestHost } from '../support/host.ts';
import { setUpUnits } from '../support/units.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
let n = 0;
const call = (method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}) =>
  callApi(host, method, path, user, body, headers);
const form = (over: Record<string, unknown> = {}) => ({
  to: 'discipline',
  orgId: 'lead-org',
  title: '所属单位超编进人问题线索',
  problem: 'overEstablishment',
  facts: '专项检查发现，该局所属中心在无空编情况下招录工作人员3名。',
  evidence: ['检查底稿〔2026〕12号'],
  requested: '请依规依纪核查处理并反馈结果',
  ...over,
});
const send = (user: string, body: unknown, key = `lead-${++n}-${Date.now()}`) => call('POST', '/lead-transfers', user, body, { 'idempotency-key': key });
const sweep = async () => ((await host.scheduler.fire('deadline-sweep', host.clock.now())) as { result: { leadsReminded: any[] } }).result;

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
  await setUpUnits(host, [{ orgId: 'lead-org', name: '线索测试局', clerk: 'lead-clerk', usccNo: 981 }]);
});
afterAll(async () => host?.cleanup());

describe('problem-lead transfers', () => {
  it('runs a lead from the office to discipline inspection through its four states, with a deadline per step and reminders', async () => {
    const key = `lead-once-${Date.now()}`;
    const sent = await send('demo-supervision', form(), key);
    expect(sent.status).toBe(201);
    const lead = sent.json;
    expect(lead).toMatchObject({ from: 'office', to: 'discipline', party: 'discipline', orgNameZh: '线索测试局', status: 'sent', overdue: false });
    expect(lead.due).toMatchObject({ step: 'acknowledge', provisional: false });
    // The same request again (a lost reply): the same lead, not a second one.
    expect((await send('demo-supervision', form(), key)).json.leadId).toBe(lead.leadId);
    expect((await send('demo-supervision', form({ title: '另一条线索标题' }), key)).status).toBe(422);

    // Only the parties see it: discipline yes, audit and the unit no.
    expect((await call('GET', `/lead-transfers/${lead.leadId}`, 'demo-discipline')).json.leadId).toBe(lead.leadId);
    expect((await call('GET', `/lead-transfers/${lead.leadId}`, 'demo-audit')).status).toBe(404);
    expect((await call('GET', `/lead-transfers/${lead.leadId}`, 'lead-clerk')).status).toBe(403);
    expect((await call('GET', '/lead-transfers', 'demo-audit')).json.items).toEqual([]);
    expect((await call('GET', '/lead-transfers?party=discipline', 'demo-audit')).status).toBe(403);
    expect((await call('GET', '/lead-transfers', 'demo-discipline')).json.items.map((l: any) => l.leadId)).toEqual([lead.leadId]);

    // Steps in turn, by the receiving side only.
    const step = (path: string, user: string, note = '已办理') => call('POST', `/lead-transfers/${lead.leadId}/${path}`, user, { note });
    expect((await step('acknowledgement', 'demo-supervision')).status).toBe(403);
    expect((await step('handling', 'demo-discipline')).json.error.code).toBe('LEAD_STEP_OUT_OF_ORDER');

    // Not acknowledged in time: the daily schedule reminds on the due date and every day after, once a day.
    const remindersOf = async (count: number) =>
      eventually(async () => {
        const now = (await call('GET', `/lead-transfers/${lead.leadId}`, 'demo-supervision')).json;
        return now.reminders.length === count ? now : undefined;
      }, `${count} reminder(s)`);
    await host.clock.advance(Date.parse(`${lead.due.dueDate}T12:00:00+08:00`) - host.clock.now().getTime());
    const dueDay = await remindersOf(1);
    expect(dueDay).toMatchObject({ overdue: false, reminders: [{ step: 'acknowledge', on: lead.due.dueDate }] });
    expect((await sweep()).leadsReminded.map((r) => r.leadId)).not.toContain(lead.leadId);
    await host.clock.advance(86_400_000);
    const late = await remindersOf(2);
    expect(late.overdue).toBe(true);
    expect(late.reminders.map((r: any) => r.step)).toEqual(['acknowledge', 'acknowledge']);

    const acknowledged = (await step('acknowledgement', 'demo-discipline', '已签收，交第三监督检查室办理')).json;
    expect(acknowledged).toMatchObject({ status: 'acknowledged', overdue: false, due: { step: 'handle' } });
    const handled = (await step('handling', 'demo-discipline', '经核查属实，已立案审查')).json;
    expect(handled).toMatchObject({ status: 'handled', due: { step: 'feedBack' } });
    const fedBack = (await step('feedback', 'demo-discipline', '给予党内警告处分，责令清退超编人员')).json;
    expect(fedBack.status).toBe('fedBack');
    expect(fedBack.due).toBeUndefined();
    expect(fedBack.steps.map((s: any) => s.status)).toEqual(['sent', 'acknowledged', 'handled', 'fedBack']);
    expect((await step('feedback', 'demo-discipline')).json.error.code).toBe('LEAD_STEP_OUT_OF_ORDER');
    // Closed: no more reminders.
    await host.clock.advance(40 * 86_400_000);
    expect((await sweep()).leadsReminded.map((r) => r.leadId)).not.toContain(lead.leadId);

    // Every step on the unit's audit chain.
    const chain = await ddb().send(
      new QueryCommand({
        TableName: process.env.TABLE_AUDIT,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': keys.auditChainPk('org#lead-org') },
      }),
    );
    expect((chain.Items ?? []).filter((e) => e.entityId === lead.leadId).map((e) => e.action)).toEqual(['send', 'acknowledge', 'handle', 'feedBack']);
  });

  it('takes a lead from an inspection tour to the office, which the supervision section receives', async () => {
    const toBody = await send('demo-inspection-tour', form({ to: 'audit' }));
    expect(toBody.status).toBe(422);
    expect(toBody.json.error.issues[0]).toMatchObject({ path: 'body.to', rule: 'counterpart' });
    const unknownUnit = await send('demo-inspection-tour', form({ to: 'office', orgId: 'no-such-org' }));
    expect(unknownUnit.json.error.issues[0]).toMatchObject({ path: 'body.orgId' });
    const sent = (await send('demo-inspection-tour', form({ to: 'office', problem: 'idleDuties', title: '巡察发现人岗分离问题' }))).json;
    expect(sent).toMatchObject({ from: 'inspectionTour', to: 'office', party: 'inspectionTour' });
    expect((await call('POST', `/lead-transfers/${sent.leadId}/acknowledgement`, 'demo-inspection-tour', { note: '自己签收' })).status).toBe(403);
    expect((await call('POST', `/lead-transfers/${sent.leadId}/acknowledgement`, 'demo-supervision', { note: '已签收' })).json.status).toBe('acknowledged');
    // The office sees every body's transfers; the leadership reads them too.
    const all = (await call('GET', '/lead-transfers', 'demo-supervision')).json.items.map((l: any) => l.party);
    expect(all).toContain('inspectionTour');
    expect(all).toContain('discipline');
    expect((await call('GET', `/lead-transfers/${sent.leadId}`, 'demo-leader')).status).toBe(200);
    expect((await call('GET', '/lead-transfers', 'demo-discipline')).json.items.map((l: any) => l.party)).not.toContain('inspectionTour');
  });
});
