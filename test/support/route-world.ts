/**
 * The data every route needs to answer a valid request, made over HTTP on a host started with
 * its demo users: demo-department's unit d001 with room and people, a receiving unit d002, a
 * unit the registry writes may change, an approved plan with reserved slots, an approved
 * transfer-in plan of d002 and a transfer it asked for. Also the steps that make more of each
 * (a person, a pending task, a transfer), for requests that use one up.
 */
import type { Host } from '../../infra/local/host.ts';
import { ROUTE_EXAMPLES } from '../../shared/api-examples.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { makeNationalId, makeUscc } from './codes.ts';
import { eventually } from './host.ts';

export const DOC = '咸编发〔2026〕7号';
/** The one who asks for transfers into d002. */
export const RECEIVING_CLERK = 'bench-recv';
/** Who decides approval tasks, in the order their tasks are looked for. */
const DECIDERS = ['demo-section', 'demo-institutions', 'demo-supervision', 'demo-registration', 'demo-egov', 'demo-leader'];

export interface World {
  host: Pick<Host, 'apiUrl' | 'issuer' | 'clock'>;
  /** Today in Asia/Shanghai on the host's clock. */
  today: string;
  /** An id that exists, per path parameter name: what a request names when it does not need a fresh one. */
  ids: Record<string, string>;
  /** demo-department's own unit (where plans, people and transfers start). */
  orgId: string;
  /** The unit that receives transfers, with an approved transfer-in plan. */
  receivingOrgId: string;
  receivingPlanId: string;
  /** A unit the registry's writes (renames, corrections, quotas) may change freely. */
  sideOrgId: string;
  token(user: string): Promise<string>;
  /** Sends a request as `user` and returns its JSON; throws unless the reply is a success. */
  call(method: string, path: string, user: string, body?: unknown, headers?: Record<string, string>): Promise<any>;
  /** A number not used before in this world. */
  unique(): number;
  nationalId(): string;
  /** Puts a new person on a unit's roster. */
  intake(orgId?: string): Promise<{ personId: string; nationalId: string }>;
  /** Submits a plan as demo-department (or `user`) and returns its id. */
  submitPlan(count: number, opts?: { orgId?: string; user?: string; channel?: string }): Promise<string>;
  /** Waits for the plan's first pending task and returns its id and the user who holds it. */
  pendingTask(planId: string): Promise<{ taskId: string; user: string }>;
  waitForPlan(planId: string, status: string): Promise<any>;
  /** Approves every task of the plan until it is approved (a large plan needs two sections). */
  approve(planId: string): Promise<void>;
  /** A plan of demo-department's unit, approved, with `count` reserved slots. */
  approvedPlan(count: number): Promise<string>;
  /** A new unit with its own clerk and an approved plan of `count` slots. */
  unitWithPlan(count: number): Promise<{ orgId: string; planId: string }>;
  /** The worked matter, submitted by demo-department and returned for correction at its proposal; returns its id. */
  returnedMatter(): Promise<string>;
  /** The API reference's worked matter, submitted by demo-department (or `user` for `orgId`) and taken through to issue; returns its id. */
  issuedMatter(opts?: { orgId?: string; user?: string }): Promise<string>;
  /** d002 asks for a new person of d001; returns the transfer id. */
  askTransfer(): Promise<string>;
}

/** An organ set up under no parent, with a USCC numbered `n`. */
export const unitInput = (orgId: string, name: string, n: number) => ({
  orgId,
  name,
  kind: 'organ',
  fundingForm: 'fullFunding',
  uscc: makeUscc('1', n),
  legalPersonStatus: 'registered',
  documentNumber: DOC,
  effectiveDate: '2026-01-01',
});

/** A plan of `count` administrative slots for `orgId`. */
export const planInput = (orgId: string, count: number, channel = 'publicRecruitment') => ({
  orgId,
  quotaType: 'administrative',
  count,
  channel,
  reason: '基准测试用编计划',
});

const poll = <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => eventually(probe, what, 30_000, 25);

const makeWorld = (host: World['host']): World => {
  const tokens = new Map<string, Promise<string>>();
  let n = 0;
  const w: World = {
    host,
    today: todayInShanghai(host.clock.now()),
    ids: {},
    orgId: 'd001',
    receivingOrgId: 'd002',
    receivingPlanId: '',
    sideOrgId: 'bz-side',
    // Signed again each hour of the host's clock: the world moves the clock, and tokens expire.
    token: (user: string) => {
      const key = `${user}@${Math.floor(host.clock.now().getTime() / 3_600_000)}`;
      let t = tokens.get(key);
      if (!t) tokens.set(key, (t = host.issuer.sign(user)));
      return t;
    },
    call: async (method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${host.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${await w.token(user)}`, 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path} as ${user}: ${res.status} ${text.slice(0, 300)}`);
      return text ? JSON.parse(text) : undefined;
    },
    unique: () => ++n,
    nationalId: () => {
      const k = w.unique();
      // 500 men a birth date (odd sequence numbers), a new date after that.
      return makeNationalId(`${1970 + Math.floor(k / 500)}-03-15`, (k % 500) * 2 + 1);
    },
    intake: async (orgId = w.orgId) => {
      const nationalId = w.nationalId();
      const p = await w.call('POST', `/organizations/${orgId}/people`, 'demo-egov', {
        nationalId,
        name: '测试员',
        quotaType: 'administrative',
        onRollSince: w.today,
      });
      return { personId: p.personId as string, nationalId };
    },
    submitPlan: async (count: number, opts: { orgId?: string; user?: string; channel?: string } = {}) => {
      const body = planInput(opts.orgId ?? w.orgId, count, opts.channel);
      const p = await w.call('POST', '/plans', opts.user ?? 'demo-department', body, { 'idempotency-key': `bench-plan-${w.unique()}-${Date.now()}` });
      return p.planId as string;
    },
    pendingTask: (planId: string) =>
      poll(`a pending task of ${planId}`, async () => {
        for (const user of DECIDERS) {
          const t = (await w.call('GET', '/tasks', user)).items.find((x: any) => x.planId === planId && x.status === 'pending');
          if (t) return { taskId: t.taskId as string, user };
        }
        return undefined;
      }),
    waitForPlan: (planId: string, status: string) =>
      poll(`plan ${planId} to be ${status}`, async () => {
        const p = await w.call('GET', `/plans/${planId}`, 'demo-section');
        return p.status === status ? p : undefined;
      }),
    approve: async (planId: string) => {
      await poll(`plan ${planId} to be approved`, async () => {
        const p = await w.call('GET', `/plans/${planId}`, 'demo-section');
        if (p.status === 'approved') return p;
        if (!['preReview', 'pendingApproval'].includes(p.status))
          throw new Error(`plan ${planId} ended ${p.status}: ${JSON.stringify(p.outcome ?? p.preReview)}`);
        for (const user of DECIDERS) {
          for (const t of (await w.call('GET', '/tasks', user)).items.filter((x: any) => x.planId === planId && x.status === 'pending')) {
            await w.call('POST', `/tasks/${t.taskId}/decision`, user, { decision: 'approve', opinion: '同意' });
          }
        }
        return undefined;
      });
    },
    returnedMatter: async () => {
      const m = await w.call('POST', '/matters', 'demo-department', ROUTE_EXAMPLES['POST /matters']!.request, {
        'idempotency-key': `bench-matter-${w.unique()}-${Date.now()}`,
      });
      const task = await poll(`the proposal task of ${m.matterId}`, async () =>
        (await w.call('GET', '/tasks', 'demo-section')).items.find((x: any) => x.matterId === m.matterId && x.status === 'pending'),
      );
      await w.call('POST', `/tasks/${task.taskId}/decision`, 'demo-section', { decision: 'return', opinion: '请补充材料' });
      await poll(`matter ${m.matterId} to be returned`, async () =>
        (await w.call('GET', `/matters/${m.matterId}`, 'demo-section')).status === 'returned' ? true : undefined,
      );
      return m.matterId as string;
    },
    issuedMatter: async (opts = {}) => {
      const request = { ...(ROUTE_EXAMPLES['POST /matters']!.request as object), ...(opts.orgId ? { orgId: opts.orgId } : {}) };
      const m = await w.call('POST', '/matters', opts.user ?? 'demo-department', request, {
        'idempotency-key': `bench-matter-${w.unique()}-${Date.now()}`,
      });
      const details: Record<string, unknown> = {
        assessment: { political: '符合', systemic: '衔接', legal: '合法', reasonableness: '合理' },
        meeting: { date: w.today, ref: '编委会基准测试会议' },
      };
      const bodyFor = (step: string) => ({
        decision: 'approve',
        opinion: '同意',
        ...(step === 'assessment' ? { assessment: details.assessment } : {}),
        ...(step === 'deliberation' ? { meeting: details.meeting } : {}),
      });
      await poll(`matter ${m.matterId} to be issued`, async () => {
        const now = await w.call('GET', `/matters/${m.matterId}`, 'demo-section');
        if (now.status === 'issued') return now;
        if (['refused', 'returned', 'rejected', 'failed'].includes(now.status)) throw new Error(`matter ${m.matterId} ended ${now.status}`);
        for (const user of DECIDERS) {
          for (const t of (await w.call('GET', '/tasks', user)).items.filter(
            (x: any) => x.matterId === m.matterId && x.status === 'pending' && x.step !== 'copyReceipt',
          )) {
            await w.call('POST', `/tasks/${t.taskId}/decision`, user, bodyFor(t.step));
          }
        }
        return undefined;
      });
      return m.matterId as string;
    },
    approvedPlan: async (count: number) => {
      const planId = await w.submitPlan(count);
      await w.approve(planId);
      return planId;
    },
    unitWithPlan: async (count: number) => {
      const k = w.unique();
      const orgId = `bz-unit-${k}`;
      await w.call('POST', '/organizations', 'demo-section', unitInput(orgId, '基准测试单位', 9300 + k));
      await w.call('PUT', `/organizations/${orgId}/quotas/administrative`, 'demo-section', {
        approved: count + 10,
        documentNumber: DOC,
        effectiveDate: '2026-01-01',
      });
      await w.call('POST', '/users', 'demo-admin', { userId: `${orgId}-clerk`, displayName: '基准测试单位人事科', role: 'department', organizationId: orgId });
      const planId = await w.submitPlan(count, { orgId, user: `${orgId}-clerk` });
      await w.approve(planId);
      return { orgId, planId };
    },
    askTransfer: async () => {
      const { nationalId } = await w.intake(w.orgId);
      const t = await w.call('POST', `/organizations/${w.receivingOrgId}/transfers`, RECEIVING_CLERK, { nationalId, planId: w.receivingPlanId, date: w.today });
      return t.transferId as string;
    },
  };
  return w;
};

/** Makes the world on a host started with `seedDemo: true` and nothing else in it. */
export const seedWorld = async (host: World['host']): Promise<World> => {
  const w = makeWorld(host);
  const letters = await lettersOfOverdueUnits(w);
  for (const [orgId, name, quota] of [
    [w.orgId, '市教育局', 5000],
    [w.receivingOrgId, '市财政局', 100],
    [w.sideOrgId, '基准测试局', 50],
  ] as const) {
    await w.call('POST', '/organizations', 'demo-section', unitInput(orgId, name, 9100 + w.unique()));
    await w.call('PUT', `/organizations/${orgId}/quotas/administrative`, 'demo-section', { approved: quota, documentNumber: DOC, effectiveDate: '2026-01-01' });
  }
  await w.call('PUT', `/organizations/${w.orgId}/post-quotas/sectionChief`, 'demo-section', {
    leader: 100,
    nonLeader: 100,
    documentNumber: DOC,
    effectiveDate: '2026-01-01',
  });
  await w.call('POST', '/users', 'demo-admin', {
    userId: RECEIVING_CLERK,
    displayName: '市财政局人事科（基准）',
    role: 'department',
    organizationId: w.receivingOrgId,
  });
  await w.call('POST', '/users', 'demo-admin', { userId: 'bench-user', displayName: '基准用户', role: 'audit' });

  const person = await w.intake(w.orgId);
  const planId = await w.submitPlan(9);
  const task = await w.pendingTask(planId);
  await w.approve(planId);
  w.receivingPlanId = await w.submitPlan(20, { orgId: w.receivingOrgId, user: RECEIVING_CLERK, channel: 'transferIn' });
  await w.approve(w.receivingPlanId);
  const transferId = await w.askTransfer();
  // The API reference's worked matter, submitted by the unit it is written for.
  const matter = await w.call('POST', '/matters', 'demo-department', ROUTE_EXAMPLES['POST /matters']!.request, {
    'idempotency-key': `bench-matter-${Date.now()}`,
  });

  // A new head of a municipal department: the notification letter it is owed.
  await w.call('POST', `/organizations/${w.sideOrgId}/events`, 'demo-section', {
    event: 'changeHead',
    principalHead: { name: '赵明', since: w.today },
    documentNumber: DOC,
    effectiveDate: w.today,
  });
  const notice = (await w.call('GET', `/organizations/${w.sideOrgId}/notification-letters`, 'demo-supervision')).items[0];
  const lead = await w.call('POST', '/lead-transfers', 'demo-supervision', ROUTE_EXAMPLES['POST /lead-transfers']!.request, {
    'idempotency-key': `bench-lead-${Date.now()}`,
  });
  // The special inspection of a year far ahead, every unit drawn (rate 1): inspections to record and conclude.
  const draw = await w.call('POST', '/inspections/draws', 'demo-supervision', { year: 2030, seed: 'bench-draw', rate: 1 });
  const [firstInspection, secondInspection] = draw.units.map((u: any) => `2030-${u.orgId}`);
  Object.assign(w.ids, {
    orgId: w.orgId,
    personId: person.personId,
    planId,
    taskId: task.taskId,
    transferId,
    matterId: matter.matterId,
    item: 'implementationReport',
    letterId: letters[0]!,
    secondLetterId: letters[1]!,
    thirdLetterId: letters[2]!,
    noticeId: notice.noticeId,
    leadId: lead.leadId,
    inspectionId: firstInspection,
    secondInspectionId: secondInspection,
    userId: 'bench-user',
    quotaType: 'administrative',
    grade: 'sectionChief',
  });
  return w;
};

/**
 * Three units whose issued matters passed their implementation deadline, each with the
 * supervision letter the daily sweep wrote: made first, as they need the clock moved past the
 * deadline (everything after starts from the moved day).
 */
const lettersOfOverdueUnits = async (w: World): Promise<string[]> => {
  const units = ['bz-letter-1', 'bz-letter-2', 'bz-letter-3'];
  for (const orgId of units) {
    await w.call('POST', '/organizations', 'demo-section', unitInput(orgId, '基准督办单位', 9200 + w.unique()));
    await w.call('PUT', `/organizations/${orgId}/quotas/administrative`, 'demo-section', { approved: 20, documentNumber: DOC, effectiveDate: '2026-01-01' });
    await w.call('POST', '/users', 'demo-admin', { userId: `${orgId}-clerk`, displayName: '基准督办单位人事科', role: 'department', organizationId: orgId });
  }
  const matters = await Promise.all(units.map((orgId) => w.issuedMatter({ orgId, user: `${orgId}-clerk` })));
  const due = (await Promise.all(matters.map((id) => w.call('GET', `/matters/${id}`, 'demo-section')))).map((m) => m.implementation.dueDate as string).sort();
  const days = Math.ceil((Date.parse(`${due.at(-1)}T00:00:00+08:00`) - w.host.clock.now().getTime()) / 86_400_000) + 2;
  await w.host.clock.advance(days * 86_400_000);
  w.today = todayInShanghai(w.host.clock.now());
  return Promise.all(
    units.map((orgId) =>
      poll(
        `the supervision letter to ${orgId}`,
        async () => (await w.call('GET', `/organizations/${orgId}/supervision-letters`, 'demo-supervision')).items[0]?.letterId,
      ),
    ),
  );
};
