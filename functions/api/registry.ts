import { applyOrgEvent, correctOrg, orgHistory } from '../../shared/data/org-lifecycle.ts';
import { requireOrgOfItems } from '../../shared/data/org-read.ts';
import { type OrgRecord, personOfItem, present, registryRepo } from '../../shared/data/registry.ts';
import { historyForDepartment } from '../../shared/domain/department-view.ts';
import { reductionNotice } from '../../shared/domain/forms.ts';
import { POST_GRADE_LABELS, POST_TRACK_LABELS, QUOTA_TYPE_LABELS } from '../../shared/domain/labels.ts';
import { checkPastDate, checkPersonName, checkQuotaTypeForKind } from '../../shared/domain/registry/rules.ts';
import { validateCorrection, validateOrganization, validatePersonIntake } from '../../shared/domain/registry/validate.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { ConflictError, ForbiddenError, fieldIssue, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { apiHandler } from '../../shared/http/api-handler.ts';
import { personFor, scopeOf } from '../../shared/http/scope.ts';
import type { ApiRequest } from '../../shared/http/types.ts';
import { registryRoutes } from '../../shared/routes/registry.ts';
import type { Person } from '../../shared/schemas/registry.ts';
import type { User } from '../../shared/schemas/users.ts';

const shown = (req: { user: User }, p: Person): Person => personFor(req.user, p);

/** The organization the route read with the user record (its prefetch), or 404. */
const orgOf = (req: Pick<ApiRequest, 'prefetched' | 'params'>) => {
  return requireOrgOfItems(req.prefetched.org, req.prefetched.counter, req.params.orgId);
};

/** The person the route read with the user record (its prefetch), or 404. */
const personOf = (req: Pick<ApiRequest, 'prefetched'>) => {
  const person = personOfItem(req.prefetched.person);
  if (!person) throw new NotFoundError('No such person', '没有此人');
  return person;
};

// Routes scoped by {orgId} or {personId} were checked against the caller's subtree before
// their input was read (shared/http/api-handler.ts), and read what they act on with the
// caller's user record (their prefetch), so these handlers only act.

export const handler = apiHandler(registryRoutes, {
  'GET /organizations': async (req) => {
    const scope = await scopeOf(req.user);
    return {
      body: await registryRepo.listOrgs({
        underPath: scope.kind === 'subtree' ? scope.path : undefined,
        limit: req.query.limit ?? 100,
        nextToken: req.query.nextToken,
      }),
    };
  },

  'POST /organizations': async (req) => {
    const today = todayInShanghai();
    const valid = validateOrganization(req.body, today);
    let parent: OrgRecord | undefined;
    if (req.body.parentId) {
      parent = (await registryRepo.getOrg(req.body.parentId))?.org;
      if (parent?.status !== 'active') {
        throw new ValidationError([{ path: 'body.parentId', rule: 'exists', message: 'no active organization with this id', messageZh: '没有该在用单位' }]);
      }
    }
    return { status: 201, body: (await registryRepo.createOrg({ ...req.body, ...valid }, parent, actorOf(req))).organization };
  },

  'GET /organizations/{orgId}': async (req) => {
    const found = orgOf(req);
    if (req.query.asAt) {
      const asAt = await registryRepo.orgAsAt(req.params.orgId, req.query.asAt);
      if (!asAt)
        throw new NotFoundError(
          `Organization ${req.params.orgId} did not exist on ${req.query.asAt}`,
          `单位 ${req.params.orgId} 在 ${req.query.asAt} 尚未设立`,
        );
      return { body: asAt };
    }
    return { body: present(found.org, found.counter) };
  },

  'PUT /organizations/{orgId}/quotas/{quotaType}': async (req) => {
    const found = orgOf(req);
    const kindCheck = checkQuotaTypeForKind(req.params.quotaType, found.org.kind, found.org.civilServiceManaged, 'params.quotaType');
    if (!kindCheck.ok) throw new ValidationError([kindCheck.issue]);
    const { after, change } = await registryRepo.setQuota(found, req.params.quotaType, req.body, actorOf(req));
    const warnings = change.overBy
      ? [
          {
            code: 'OVER_QUOTA',
            message: `${req.params.quotaType}: ${change.overBy} above quota (on-roll + reserved > approved); intake is refused until back within quota`,
            messageZh: `${QUOTA_TYPE_LABELS[req.params.quotaType]}超编 ${change.overBy} 名（在编 + 核准未入编 > 编制数），恢复到编制数以内前不得进人`,
          },
        ]
      : [];
    return { body: { organization: present(found.org, after), warnings } };
  },

  'PUT /organizations/{orgId}/post-quotas/{grade}': async (req) => {
    const found = orgOf(req);
    const { establishment, overBy } = await registryRepo.setPostQuota(found, req.params.grade, req.body, actorOf(req));
    const warnings = (['leader', 'nonLeader'] as const)
      .filter((t) => overBy[t] > 0)
      .map((t) => ({
        code: 'OVER_POST_QUOTA',
        message: `${req.params.grade} ${t}: ${overBy[t]} posts filled above the post quota; no appointment until back within it`,
        messageZh: `${POST_GRADE_LABELS[req.params.grade]}${POST_TRACK_LABELS[t]}超职数 ${overBy[t]} 名，恢复到职数以内前不得再配备`,
      }));
    return { body: { organization: present(found.org, establishment), warnings } };
  },

  'POST /people/{personId}/post': async (req) => {
    const person = personOf(req);
    if (person.status !== 'onRoll')
      throw new ValidationError([{ path: 'params.personId', rule: 'offRoll', message: 'the person is not on the roster', messageZh: '此人不在编' }]);
    const found = await registryRepo.requireOrg(person.orgId);
    return { body: shown(req, await registryRepo.appointPost(found, person, req.body, actorOf(req))) };
  },

  'POST /organizations/{orgId}/events': async (req) => {
    const e = req.body;
    if (req.user.role === 'registrationBureau' && e.event !== 'legalPersonRegistration') {
      throw new ForbiddenError('The registration bureau records legal-person registration only', '登记管理局只能登记法人登记状态');
    }
    const today = todayInShanghai();
    const issues = [checkPastDate(e.effectiveDate, 'body.effectiveDate', today)];
    let headName: string | undefined;
    if (e.event === 'changeHead') {
      const n = checkPersonName(e.principalHead.name, 'body.principalHead.name');
      issues.push(n, checkPastDate(e.principalHead.since, 'body.principalHead.since', today));
      if (n.ok) headName = n.value;
    }
    const bad = issues.flatMap((i) => (i.ok ? [] : [i.issue]));
    if (bad.length) throw new ValidationError(bad);
    await applyOrgEvent(orgOf(req), e, actorOf(req), headName);
    const now = await registryRepo.requireOrg(req.params.orgId);
    return { body: present(now.org, now.counter) };
  },

  'POST /organizations/{orgId}/corrections': async (req) => {
    const found = orgOf(req);
    const value = validateCorrection(req.body.field, req.body.value, found.org.kind, todayInShanghai());
    await correctOrg(found, { ...req.body, value }, actorOf(req));
    const now = await registryRepo.requireOrg(req.params.orgId);
    return { body: present(now.org, now.counter) };
  },

  'GET /organizations/{orgId}/history': async (req) => {
    orgOf(req);
    const history = await orgHistory(req.params.orgId);
    return { body: req.user.role === 'department' ? historyForDepartment(history) : history };
  },

  'POST /people/{personId}/offboard': async (req) => {
    const person = personOf(req);
    if (person.status !== 'onRoll') throw new ConflictError('The person is not on the roster', '此人不在编', 'NOT_ON_ROLL');
    const today = todayInShanghai();
    const date = checkPastDate(req.body.date, 'body.date', today);
    if (!date.ok) throw new ValidationError([date.issue]);
    if (req.body.date < person.onRollSince)
      throw new ValidationError([
        fieldIssue('body.date', 'order', `must not be before the day they came on the roll (${person.onRollSince})`, `不能早于入编时间 ${person.onRollSince}`),
      ]);
    const found = await registryRepo.requireOrg(person.orgId);
    const after = await registryRepo.offboard(found, person, req.body, actorOf(req));
    return {
      body: {
        person: shown(req, after),
        forms: {
          reductionNotice: reductionNotice({
            orgId: found.org.orgId,
            orgName: found.org.name,
            name: person.name,
            quotaType: person.quotaType,
            reason: req.body.reason,
            date: req.body.date,
            documentNumber: req.body.documentNumber,
          }),
        },
      },
    };
  },

  'GET /organizations/{orgId}/people': async (req) => {
    orgOf(req);
    const page = await registryRepo.listPeople(req.params.orgId, req.query.limit ?? 100, req.query.nextToken);
    return { body: { ...page, items: page.items.map((p) => shown(req, p)) } };
  },

  'POST /organizations/{orgId}/people': async (req) => {
    const found = orgOf(req);
    const person = validatePersonIntake(req.body, found.org, todayInShanghai());
    return { status: 201, body: shown(req, await registryRepo.addPerson(found, person, actorOf(req))) };
  },

  'GET /people/{personId}': async (req) => ({ body: shown(req, personOf(req)) }),
});
