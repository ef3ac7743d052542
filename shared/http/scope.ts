/**
 * What part of the registry a user may see: office sections and the finance and personnel
 * bodies see every organization; a department's users see their own organization's subtree.
 * An organization's path names every organization above it (`/d001/d001-i01`), so whether it
 * lies in a department user's subtree is read from its own record, with no read of theirs.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { ddb } from '../data/ddb.ts';
import { keys, type StoredItem } from '../data/keys.ts';
import { maskNationalId } from '../domain/registry/national-id.ts';
import { ForbiddenError } from '../errors.ts';
import type { ScopeParam, TableId } from '../manifest-types.ts';
import type { User } from '../schemas/users.ts';
import type { ApiRequest } from './types.ts';

export type Scope = { kind: 'all' } | { kind: 'subtree'; path: string };

const read = async (table: TableId, key: { pk: string; sk: string }) =>
  (await ddb().send(new GetCommand({ TableName: config.tableName(table), Key: key, ConsistentRead: true }))).Item;

/** The part of the hierarchy a user sees (for listing organizations). */
export const scopeOf = async (user: User): Promise<Scope> => {
  if (user.role !== 'department') return { kind: 'all' };
  const own = user.organizationId ? await read('registry', keys.org(user.organizationId)) : undefined;
  // A department user whose organization is gone sees nothing.
  return { kind: 'subtree', path: own ? String(own.path) : '/\u0000' };
};

/** Whether an organization (by its path) lies in the subtree of `orgId`, itself included. */
export const pathUnder = (path: string | undefined, orgId: string | undefined): boolean => !!path && !!orgId && path.split('/').includes(orgId);

const outOfScope = () => new ForbiddenError('This organization is outside your scope', '该单位不在您的权限范围内');

/** The organizations a scoped path parameter stands for (a transfer: both of its units), from what was prefetched where it can. */
const orgsNamedBy = async (by: ScopeParam, value: string, prefetched: ApiRequest['prefetched']): Promise<string[]> => {
  const own = (item: StoredItem | undefined, pk: string) => (item?.pk === pk ? item : undefined);
  switch (by) {
    case 'orgId':
      return [value];
    case 'personId': {
      const p = own(prefetched.person, keys.person(value).pk) ?? (await read('registry', keys.person(value)));
      return p ? [String(p.orgId)] : [];
    }
    case 'planId': {
      const p = own(prefetched.plan, keys.plan(value).pk) ?? (await read('matters', keys.plan(value)));
      return p ? [String(p.orgId)] : [];
    }
    case 'matterId': {
      const m = own(prefetched.matter, keys.matter(value).pk) ?? (await read('matters', keys.matter(value)));
      return m ? [String(m.orgId)] : [];
    }
    case 'letterId': {
      const l = own(prefetched.letter, keys.letter(value).pk) ?? (await read('matters', keys.letter(value)));
      return l ? [String(l.orgId)] : [];
    }
    case 'transferId': {
      const t = own(prefetched.transfer, keys.transfer(value).pk) ?? (await read('matters', keys.transfer(value)));
      return t ? [String(t.fromOrgId), String(t.toOrgId)] : [];
    }
  }
};

/**
 * For routes scoped by a path parameter: refuses a department user outside its subtree,
 * without saying whether what the parameter names exists.
 */
export const enforceRouteScope = async (user: User, by: ScopeParam, value: string, prefetched: ApiRequest['prefetched'] = {}): Promise<void> => {
  if (user.role !== 'department') return;
  for (const orgId of await orgsNamedBy(by, value, prefetched)) {
    // A unit acting on itself needs no read (the common case, and the hot paths).
    if (orgId === user.organizationId) return;
    const org = prefetched.org?.pk === keys.org(orgId).pk ? prefetched.org : await read('registry', keys.org(orgId));
    if (pathUnder(org?.path, user.organizationId)) return;
  }
  throw outOfScope();
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
