/**
 * What part of the registry a user may see: office sections and the finance and personnel
 * bodies see every organization; a department's users see their own organization's subtree.
 */
import { ForbiddenError } from '../errors.ts';
import { maskNationalId } from '../domain/registry/national-id.ts';
import { registryRepo } from '../data/registry.ts';
import { plansRepo } from '../data/plans.ts';
import { getTransfer } from '../data/roster-moves.ts';
import type { User } from '../schemas/users.ts';

export type Scope = { kind: 'all' } | { kind: 'subtree'; path: string };

export const scopeOf = async (user: User): Promise<Scope> => {
  if (user.role !== 'department') return { kind: 'all' };
  const own = user.organizationId ? await registryRepo.getOrg(user.organizationId) : undefined;
  // A department user whose organization is gone sees nothing.
  return { kind: 'subtree', path: own ? own.org.path : '/\u0000' };
};

export const inScope = (scope: Scope, path: string): boolean =>
  scope.kind === 'all' || path === scope.path || path.startsWith(`${scope.path}/`);

/** Refuses without saying whether the organization exists. */
export const requireInScope = (scope: Scope, path: string | undefined): void => {
  if (!path || !inScope(scope, path)) throw new ForbiddenError('This organization is outside your scope', '该单位不在您的权限范围内');
};

/** Roles that see national IDs and birth dates in full: the roster keeper and the unit's own staff. */
export const seesFullNationalId = (user: User): boolean => user.role === 'egovCenter' || user.role === 'department';

/**
 * A person as this user may see them. A role that sees the national ID masked sees nothing
 * that gives the birth date back: no birth date, and no retirement date (birth date plus the
 * statutory age), which with the masked digits and the check character would rebuild the ID.
 */
export const personFor = <P extends { nationalId: string; birthDate?: string; retirementDate?: string }>(user: User, p: P): P =>
  seesFullNationalId(user) ? p : { ...p, nationalId: maskNationalId(p.nationalId), birthDate: undefined, retirementDate: undefined };

/** The organizations a scoped path parameter stands for (a transfer: both of its units). */
const orgsNamedBy = async (by: 'orgId' | 'personId' | 'planId' | 'transferId', value: string): Promise<string[]> => {
  switch (by) {
    case 'orgId':
      return [value];
    case 'personId':
      return [(await registryRepo.getPerson(value))?.orgId].filter((x): x is string => !!x);
    case 'planId':
      return [(await plansRepo.get(value))?.orgId].filter((x): x is string => !!x);
    case 'transferId': {
      const t = await getTransfer(value);
      return t ? [t.fromOrgId, t.toOrgId] : [];
    }
  }
};

/** For routes scoped by a path parameter: refuses a department user outside its subtree. */
export const enforceRouteScope = async (user: User, by: 'orgId' | 'personId' | 'planId' | 'transferId', value: string): Promise<void> => {
  if (user.role !== 'department') return;
  // A unit acting on itself needs no lookup (the common case, and the on-establishment hot path).
  if (by === 'orgId' && value === user.organizationId) return;
  const scope = await scopeOf(user);
  if (scope.kind === 'all') return;
  for (const orgId of await orgsNamedBy(by, value)) {
    const org = await registryRepo.getOrg(orgId);
    if (org && inScope(scope, org.org.path)) return;
  }
  requireInScope(scope, undefined);
};
