import { registryRepo, present } from '../../shared/data/registry.ts';
import { maskNationalId } from '../../shared/domain/registry/national-id.ts';
import { checkQuotaTypeForKind } from '../../shared/domain/registry/rules.ts';
import { validateOrganization, validatePersonIntake } from '../../shared/domain/registry/validate.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import { apiHandler } from '../../shared/http/api-handler.ts';
import { requireInScope, scopeOf, seesFullNationalId } from '../../shared/http/scope.ts';
import type { ApiRequest } from '../../shared/http/types.ts';
import type { Person } from '../../shared/schemas/registry.ts';

const actorOf = (req: ApiRequest) => ({ userId: req.user!.userId, role: req.user!.role, requestId: req.requestId });

const shown = (req: ApiRequest, p: Person): Person =>
  seesFullNationalId(req.user!) ? p : { ...p, nationalId: maskNationalId(p.nationalId), birthDate: undefined };

/** Loads an organization the caller may see, or answers 403 without saying whether it exists. */
const visibleOrg = async (req: ApiRequest, orgId: string) => {
  const scope = await scopeOf(req.user!);
  const found = await registryRepo.getOrg(orgId);
  requireInScope(scope, found?.org.path);
  return found!;
};

export const handler = apiHandler('registry', {
  'GET /organizations': async (req) => {
    const scope = await scopeOf(req.user!);
    return { body: await registryRepo.listOrgs({ underPath: scope.kind === 'subtree' ? scope.path : undefined, limit: req.query.limit ?? 100, nextToken: req.query.nextToken }) };
  },

  'POST /organizations': async (req) => {
    const today = todayInShanghai();
    const valid = validateOrganization(req.body, today);
    let parent;
    if (req.body.parentId) {
      parent = (await registryRepo.getOrg(req.body.parentId))?.org;
      if (!parent || parent.status !== 'active') {
        throw new ValidationError([{ path: 'body.parentId', rule: 'exists', message: 'no active organization with this id', messageZh: '没有该在用单位' }]);
      }
    }
    return { status: 201, body: (await registryRepo.createOrg({ ...req.body, ...valid }, parent, actorOf(req))).organization };
  },

  'GET /organizations/{orgId}': async (req) => {
    const found = await visibleOrg(req, req.params.orgId);
    if (req.query.asAt) {
      const asAt = await registryRepo.orgAsAt(req.params.orgId, req.query.asAt);
      if (!asAt) throw new NotFoundError(`Organization ${req.params.orgId} did not exist on ${req.query.asAt}`, `单位 ${req.params.orgId} 在 ${req.query.asAt} 尚未设立`);
      return { body: asAt };
    }
    return { body: present(found.org, found.counter) };
  },

  'PUT /organizations/{orgId}/quotas/{quotaType}': async (req) => {
    const found = await registryRepo.requireOrg(req.params.orgId);
    const kindCheck = checkQuotaTypeForKind(req.params.quotaType, found.org.kind, found.org.civilServiceManaged, 'params.quotaType');
    if (!kindCheck.ok) throw new ValidationError([kindCheck.issue]);
    const { after, change } = await registryRepo.setQuota(found, req.params.quotaType, req.body, actorOf(req));
    const warnings = change.overBy
      ? [
          {
            code: 'OVER_QUOTA',
            message: `${req.params.quotaType}: ${change.overBy} above quota (on-roll + reserved > approved); intake is refused until back within quota`,
            messageZh: `${req.params.quotaType} 超编 ${change.overBy} 名（在编 + 核准未入编 > 编制数），恢复到编制数以内前不得进人`,
          },
        ]
      : [];
    return { body: { organization: present(found.org, after), warnings } };
  },

  'GET /organizations/{orgId}/people': async (req) => {
    await visibleOrg(req, req.params.orgId);
    const page = await registryRepo.listPeople(req.params.orgId, req.query.limit ?? 100, req.query.nextToken);
    return { body: { ...page, items: page.items.map((p) => shown(req, p)) } };
  },

  'POST /organizations/{orgId}/people': async (req) => {
    const found = await registryRepo.requireOrg(req.params.orgId);
    const person = validatePersonIntake(req.body, found.org, todayInShanghai());
    return { status: 201, body: shown(req, await registryRepo.addPerson(found, person, actorOf(req))) };
  },

  'GET /people/{personId}': async (req) => {
    const person = await registryRepo.getPerson(req.params.personId);
    const scope = await scopeOf(req.user!);
    const org = person ? await registryRepo.getOrg(person.orgId) : undefined;
    requireInScope(scope, org?.org.path);
    return { body: shown(req, person!) };
  },
});
