/**
 * One representative valid request for every route of the manifest, as a client would send it
 * on an ordinary day: the bench counts what each costs and test/integration/no-scan.test.ts
 * proves none of them scans, so both send exactly these.
 *
 * A route is served by its recipe below when it has one (keyed by `METHOD /path`, so a route
 * that moves to another function keeps it); otherwise by defaults: ids of the world by path
 * parameter name, and the query and body of the route's worked example in the API reference
 * (shared/api-examples.ts, which every route must have). A route the defaults cannot serve
 * answers an error, which both the bench and the test report: give it a recipe here.
 */
import { DEMO_USERS } from '../../infra/local/demo-users.ts';
import { ROUTE_EXAMPLES } from '../../shared/api-examples.ts';
import { type RouteDecl, routeKey } from '../../shared/manifest-types.ts';
import type { Role } from '../../shared/roles.ts';
import { DOC, planInput, RECEIVING_CLERK, unitInput, type World } from './route-world.ts';

export interface RouteRequest {
  route: RouteDecl;
  /** Who sends it; none for a public route. */
  user?: string;
  /** The path with its parameters filled in (percent-encoded). */
  path: string;
  query: Record<string, string | number>;
  body?: unknown;
  headers: Record<string, string>;
  /** Waits for whatever the request set going (a workflow) to come to rest. */
  settle?: (reply: { status: number; json: any }) => Promise<unknown>;
  /** `recipe`: written for this route below; `defaults`: from the world's ids and the route's example. */
  source: 'recipe' | 'defaults';
}

type Parts = Partial<Pick<RouteRequest, 'user' | 'body' | 'settle'>> & {
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  headers?: Record<string, string>;
};
type Recipe = (w: World) => Parts | Promise<Parts>;

const csv = (rows: string[][]) => Buffer.from(`${rows.map((r) => r.join(',')).join('\r\n')}\r\n`, 'utf8').toString('base64');

const RECIPES: Record<string, Recipe> = {
  'POST /users': (w) => ({ body: { userId: `bench-u${w.unique()}`, displayName: '基准测试用户', role: 'audit' } }),
  'PATCH /users/{userId}': (w) => ({ body: { displayName: `基准用户${w.unique()}`, reason: '基准测试' } }),
  'POST /organizations': (w) => {
    const k = w.unique();
    return { body: unitInput(`bz-new-${k}`, '基准新设单位', 9500 + k) };
  },
  // The hot read: the unit's own clerk, today's figures (no asAt).
  'GET /organizations/{orgId}': () => ({ user: 'demo-department', query: {} }),
  'PUT /organizations/{orgId}/quotas/{quotaType}': (w) => ({
    params: { orgId: w.sideOrgId },
    body: { approved: 50 + w.unique(), documentNumber: DOC, effectiveDate: '2026-01-01' },
  }),
  'PUT /organizations/{orgId}/post-quotas/{grade}': (w) => ({
    params: { orgId: w.sideOrgId },
    body: { leader: 2, nonLeader: 1 + (w.unique() % 5), documentNumber: DOC, effectiveDate: '2026-01-01' },
  }),
  'POST /people/{personId}/post': async (w) => ({
    params: { personId: (await w.intake()).personId },
    body: { grade: 'sectionChief', track: 'leader', since: w.today, documentNumber: DOC },
  }),
  'POST /organizations/{orgId}/events': (w) => ({
    params: { orgId: w.sideOrgId },
    body: { event: 'rename', name: `基准测试局${w.unique()}`, documentNumber: DOC, effectiveDate: w.today },
  }),
  'POST /organizations/{orgId}/corrections': (w) => ({
    params: { orgId: w.sideOrgId },
    body: { field: 'name', value: `基准测试局${w.unique()}`, reason: '名称录入有误' },
  }),
  'POST /people/{personId}/offboard': async (w) => ({
    params: { personId: (await w.intake()).personId },
    body: { reason: 'resignation', date: w.today },
  }),
  // Roster intake, the hot write of the registry.
  'POST /organizations/{orgId}/people': (w) => ({
    user: 'demo-egov',
    body: { nationalId: w.nationalId(), name: '测试员', quotaType: 'administrative', onRollSince: w.today },
  }),
  // A small roster written for real (the example is a dry run).
  'POST /imports': (w) => ({
    user: 'demo-egov',
    body: {
      files: [
        {
          name: '人员.csv',
          contentBase64: csv([
            ['身份证号', '姓名', '单位代码', '编制类型', '岗位', '入编时间'],
            [w.nationalId(), '刘洋', w.orgId, '行政编制', '科员', w.today],
            [w.nationalId(), '王芳', w.orgId, '行政编制', '科员', w.today],
          ]),
        },
      ],
    },
  }),
  'POST /plans': (w) => ({
    body: planInput(w.orgId, 1),
    headers: { 'idempotency-key': `bench-${w.unique()}-${Date.now()}` },
    settle: (r) => w.pendingTask(r.json.planId),
  }),
  // Withdrawn while a section holds its task, as a clerk would: the task closes, the workflow stops.
  'POST /plans/{planId}/withdraw': async (w) => {
    const planId = await w.submitPlan(1);
    await w.pendingTask(planId);
    await w.waitForPlan(planId, 'pendingApproval');
    return { params: { planId } };
  },
  'POST /plans/{planId}/resubmit': async (w) => {
    const planId = await w.submitPlan(1);
    const task = await w.pendingTask(planId);
    await w.call('POST', `/tasks/${task.taskId}/decision`, task.user, { decision: 'return', opinion: '请补充岗位说明' });
    await w.waitForPlan(planId, 'returned');
    return { params: { planId }, body: { reason: '已补充岗位说明' }, settle: () => w.pendingTask(planId) };
  },
  'POST /tasks/{taskId}/claim': async (w) => {
    const task = await w.pendingTask(await w.submitPlan(1));
    return { user: task.user, params: { taskId: task.taskId } };
  },
  'POST /tasks/{taskId}/reassign': async (w) => {
    const task = await w.pendingTask(await w.submitPlan(1));
    return { user: task.user, params: { taskId: task.taskId }, body: { userId: 'demo-section-head', reason: '转科长办理' } };
  },
  'POST /tasks/{taskId}/decision': async (w) => {
    const planId = await w.submitPlan(1);
    const task = await w.pendingTask(planId);
    return {
      user: task.user,
      params: { taskId: task.taskId },
      body: { decision: 'approve', opinion: '同意' },
      settle: () => w.waitForPlan(planId, 'approved'),
    };
  },
  'POST /organizations/{orgId}/transfers': async (w) => ({
    user: RECEIVING_CLERK,
    params: { orgId: w.receivingOrgId },
    body: { nationalId: (await w.intake()).nationalId, planId: w.receivingPlanId, date: w.today },
  }),
  'POST /matters/{matterId}/withdraw': async (w) => {
    const m = await w.call('POST', '/matters', 'demo-department', ROUTE_EXAMPLES['POST /matters']!.request, {
      'idempotency-key': `bench-matter-${w.unique()}-${Date.now()}`,
    });
    return { params: { matterId: m.matterId } };
  },
  'POST /matters/{matterId}/resubmit': async (w) => ({ params: { matterId: await w.returnedMatter() } }),
  'POST /matters/{matterId}/implementation/{item}': async (w) => ({
    params: { matterId: await w.issuedMatter(), item: 'implementationReport' },
    body: { note: '已落实到位', evidence: ['att-1'] },
  }),
  'POST /supervision-letters/{letterId}/verification': async (w) => {
    const letterId = w.ids.secondLetterId!;
    await w.call('POST', `/supervision-letters/${letterId}/rectification`, 'bz-letter-2-clerk', { note: '已整改到位', evidence: ['att-1'] });
    return { params: { letterId } };
  },
  'POST /supervision-letters/{letterId}/rectification': () => ({ user: 'bz-letter-1-clerk' }),
  'GET /supervision-letters/{letterId}': () => ({ user: 'bz-letter-1-clerk' }),
  'GET /organizations/{orgId}/supervision-letters': () => ({ user: 'demo-supervision', params: { orgId: 'bz-letter-1' } }),
  'POST /organizations/{orgId}/suspension': async (w) => {
    await poorlyRectified(w);
    return {
      user: 'demo-leader',
      params: { orgId: 'bz-letter-3' },
      body: { ...(ROUTE_EXAMPLES['POST /organizations/{orgId}/suspension']!.request as object), letterId: w.ids.thirdLetterId },
    };
  },
  'POST /organizations/{orgId}/suspension/lift': async (w) => {
    await poorlyRectified(w);
    const now = await w.call('GET', '/organizations/bz-letter-3/supervision', 'demo-supervision');
    if (!now.blocks.some((b: any) => b.kind === 'suspension')) {
      const example = ROUTE_EXAMPLES['POST /organizations/{orgId}/suspension']!.request as object;
      await w.call('POST', '/organizations/bz-letter-3/suspension', 'demo-leader', { ...example, letterId: w.ids.thirdLetterId });
    }
    return { user: 'demo-leader', params: { orgId: 'bz-letter-3' } };
  },
  'POST /organizations/{orgId}/notification-letters/{noticeId}/delivery': (w) => ({
    user: 'demo-supervision',
    params: { orgId: w.sideOrgId },
    body: { deliveredOn: w.today, method: 'inPerson', recipient: '赵明' },
  }),
  'GET /organizations/{orgId}/notification-letters': (w) => ({ user: 'demo-supervision', params: { orgId: w.sideOrgId } }),
  'POST /lead-transfers': () => ({ user: 'demo-supervision' }),
  'GET /lead-transfers': () => ({ user: 'demo-supervision' }),
  'GET /lead-transfers/{leadId}': () => ({ user: 'demo-supervision' }),
  'POST /lead-transfers/{leadId}/acknowledgement': async (w) => ({ user: 'demo-discipline', params: { leadId: await leadAt(w, 0) } }),
  'POST /lead-transfers/{leadId}/handling': async (w) => ({ user: 'demo-discipline', params: { leadId: await leadAt(w, 1) } }),
  'POST /lead-transfers/{leadId}/feedback': async (w) => ({ user: 'demo-discipline', params: { leadId: await leadAt(w, 2) } }),
  'POST /inspections/draws': (w) => ({ user: 'demo-supervision', body: { year: 2031 + w.unique(), seed: 'bench-draw', rate: 0.2 } }),
  'GET /inspections/draws/{year}': () => ({ user: 'demo-supervision', params: { year: '2030' } }),
  'POST /inspections/{inspectionId}/checklist/{area}': () => ({
    user: 'demo-supervision',
    params: { area: 'reformTasks' },
    body: { result: 'compliant', findings: [] },
  }),
  'POST /inspections/{inspectionId}/conclusion': async (w) => {
    const inspectionId = w.ids.secondInspectionId!;
    for (const area of ['reformTasks', 'establishmentUse', 'discipline']) {
      await w.call('POST', `/inspections/${inspectionId}/checklist/${area}`, 'demo-supervision', { result: 'compliant', findings: [] });
    }
    return { user: 'demo-supervision', params: { inspectionId }, body: { summary: '各项检查均合规' } };
  },
  'GET /organizations/{orgId}/supervision': () => ({ user: 'demo-supervision', params: { orgId: 'bz-letter-1' } }),
  'POST /transfers/{transferId}/release': async (w) => ({ params: { transferId: await w.askTransfer() } }),
  'POST /transfers/{transferId}/cancel': async (w) => ({ params: { transferId: await w.askTransfer() }, body: { reason: '本人不同意调动' } }),
  // On-establishment, the hot write of a plan: a slot of the world's approved plan.
  'POST /organizations/{orgId}/plans/{planId}/people': (w) => ({
    user: 'demo-department',
    body: { nationalId: w.nationalId(), name: '新进人员', onRollSince: w.today },
  }),
  // Each document of a record that is one: an issued matter, an approved plan, a delivered letter, a card given on intake.
  'GET /matters/{matterId}/document.docx': async (w) => ({ user: 'demo-department', params: { matterId: await w.issuedMatter() } }),
  'GET /supervision-letters/{letterId}/document.docx': () => ({ user: 'demo-supervision' }),
  'GET /plans/{planId}/notice.docx': async (w) => ({ user: 'demo-department', params: { planId: await w.approvedPlan(1) } }),
  'GET /people/{personId}/establishment-card.docx': async (w) => {
    const planId = await w.approvedPlan(1);
    const person = await w.call('POST', `/organizations/${w.orgId}/plans/${planId}/people`, 'demo-department', {
      nationalId: w.nationalId(),
      name: '新进人员',
      onRollSince: w.today,
    });
    return { user: 'demo-department', params: { personId: person.person?.personId ?? person.personId } };
  },
  'GET /organizations/{orgId}/notification-letters/{noticeId}/document.docx': async (w) => {
    const letter = (await w.call('GET', `/organizations/${w.sideOrgId}/notification-letters`, 'demo-supervision')).items.find(
      (l: any) => l.noticeId === w.ids.noticeId,
    );
    if (letter?.status !== 'delivered') {
      await w.call('POST', `/organizations/${w.sideOrgId}/notification-letters/${w.ids.noticeId}/delivery`, 'demo-supervision', {
        deliveredOn: w.today,
        method: 'inPerson',
        recipient: '赵明',
      });
    }
    return { user: 'demo-supervision', params: { orgId: w.sideOrgId } };
  },
  // A payroll of someone on the unit's roll (one mostly of others is refused as not the unit's).
  'POST /finance/payroll-reconciliations': async (w) => {
    const person = await w.intake();
    return {
      user: 'demo-finance',
      body: {
        orgId: w.orgId,
        file: {
          name: '工资发放表.csv',
          contentBase64: csv([
            ['姓名', '身份证号', '应发工资'],
            ['测试员', person.nationalId, '5000.00'],
          ]),
        },
      },
    };
  },
};

/** A new lead sent by the office to discipline inspection, taken `steps` steps on (acknowledged, handled). */
const leadAt = async (w: World, steps: number): Promise<string> => {
  const lead = await w.call('POST', '/lead-transfers', 'demo-supervision', ROUTE_EXAMPLES['POST /lead-transfers']!.request, {
    'idempotency-key': `bench-lead-${w.unique()}-${Date.now()}`,
  });
  for (const step of ['acknowledgement', 'handling'].slice(0, steps)) {
    await w.call('POST', `/lead-transfers/${lead.leadId}/${step}`, 'demo-discipline', { note: '已办理' });
  }
  return lead.leadId as string;
};

/** The third unit's letter, its rectification reported and found wanting (once): grounds for a suspension. */
const poorlyRectified = async (w: World) => {
  if (w.ids.poorlyRectified) return;
  const letterId = w.ids.thirdLetterId!;
  await w.call('POST', `/supervision-letters/${letterId}/rectification`, 'bz-letter-3-clerk', { note: '正在整改', evidence: ['att-1'] });
  await w.call('POST', `/supervision-letters/${letterId}/verification`, 'demo-supervision', { outcome: 'rejected', opinion: '未见整改佐证' });
  w.ids.poorlyRectified = 'yes';
};

/** Office roles before the outside ones; a department clerk first of all where allowed, on its own unit. */
const ROLE_ORDER: Role[] = [
  'department',
  'sectionStaff',
  'egovCenter',
  'officeAdmin',
  'personnel',
  'registrationBureau',
  'leader',
  'supervisionSection',
  'finance',
  'operator',
  'discipline',
  'inspectionTour',
  'audit',
];

const defaultUser = (route: RouteDecl): string | undefined => {
  if (route.access === 'public') return undefined;
  const roles = route.access.roles;
  const role = ROLE_ORDER.find((r) => roles.includes(r)) ?? roles[0];
  return DEMO_USERS.find((u) => u.role === role)?.userId;
};

/** `{name}` and greedy `{name+}` parameters of a path template. */
export const pathParams = (path: string): string[] => [...path.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1]!);

const fillPath = (path: string, params: Record<string, string>): string =>
  path.replace(/\{(\w+)(\+?)\}/g, (_, name: string, greedy: string) => {
    const v = params[name] ?? '';
    return greedy ? v.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(v);
  });

/**
 * The request for `route`, with anything it uses up made first (a person, a pending task, a
 * transfer). `override` replaces parts, e.g. another plan for a throughput run.
 */
export const requestFor = async (route: RouteDecl, w: World, override: Parts = {}): Promise<RouteRequest> => {
  const key = routeKey(route);
  const recipe = RECIPES[key];
  const example = ROUTE_EXAMPLES[key];
  const parts = { ...(recipe ? await recipe(w) : {}), ...override };
  const params: Record<string, string> = {};
  for (const name of pathParams(route.path)) params[name] = parts.params?.[name] ?? w.ids[name] ?? example?.params?.[name] ?? 'unknown';
  return {
    route,
    user: 'user' in parts ? parts.user : defaultUser(route),
    path: fillPath(route.path, params),
    query: parts.query ?? (route.query ? (example?.query ?? {}) : {}),
    body: 'body' in parts ? parts.body : route.body ? example?.request : undefined,
    headers: parts.headers ?? (route.idempotent ? { 'idempotency-key': `bench-${w.unique()}-${Date.now()}` } : {}),
    ...(parts.settle ? { settle: parts.settle } : {}),
    source: recipe ? 'recipe' : 'defaults',
  };
};

export interface Reply {
  status: number;
  json: any;
  ms: number;
}

/** Sends a request over HTTP as its user; `extraHeaders` e.g. to name it for the call recorder. */
export const send = async (w: World, req: RouteRequest, extraHeaders: Record<string, string> = {}): Promise<Reply> => {
  const qs = new URLSearchParams(Object.entries(req.query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const headers: Record<string, string> = { ...req.headers, ...extraHeaders };
  if (req.user) headers.authorization = `Bearer ${await w.token(req.user)}`;
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  const started = performance.now();
  const res = await fetch(`${w.host.apiUrl}${req.path}${qs ? `?${qs}` : ''}`, {
    method: req.route.method,
    headers,
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, ms };
};
