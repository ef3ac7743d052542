/**
 * An organization and its counter item in one consistent round trip: the read every function
 * that looks a unit up needs, apart from the registry's write paths (so a function that only
 * reads a unit does not bundle them).
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import type { Establishment } from '../domain/registry/establishment.ts';
import { NotFoundError } from '../errors.ts';
import type { Organization } from '../schemas/registry.ts';
import { ddb } from './ddb.ts';
import { keys, recordOf } from './keys.ts';

export interface OrgRecord extends Omit<Organization, 'establishment'> {}
export interface OrgWithCounter {
  org: OrgRecord;
  counter: Record<string, any> & Establishment;
}

/** An organization from its two items (as a route prefetched them), or undefined when either is missing. */
export const orgOfItems = (org: Record<string, any> | undefined, counter: Record<string, any> | undefined): OrgWithCounter | undefined =>
  org && counter ? { org: recordOf<OrgRecord>(org), counter: counter as OrgWithCounter['counter'] } : undefined;

/** The organization a route read with the caller's record (its prefetch), or 404. */
export const requireOrgOfItems = (org: Record<string, any> | undefined, counter: Record<string, any> | undefined, orgId: string): OrgWithCounter => {
  const found = orgOfItems(org, counter);
  if (!found) throw new NotFoundError(`No organization ${orgId}`, `单位 ${orgId} 不存在`);
  return found;
};

export const readOrg = async (orgId: string): Promise<OrgWithCounter | undefined> => {
  const table = config.tableName('registry');
  const out = await ddb().send(new BatchGetCommand({ RequestItems: { [table]: { Keys: [keys.org(orgId), keys.orgCounter(orgId)], ConsistentRead: true } } }));
  const items = out.Responses?.[table] ?? [];
  return orgOfItems(
    items.find((i) => i.sk === 'ORG'),
    items.find((i) => i.sk === 'COUNTER'),
  );
};
