/**
 * The records that own an audit chain: every organization (its chain `org#<id>`), every
 * staffing plan (`plan#<id>`), every matter (`matter#<id>`) and, as soon as one user exists, the office (`office`). A chain
 * deleted whole (entries and head) after the last checkpoint leaves no trace in the chains
 * themselves; its owner is still there and says it should have one. Read by the verifier only
 * (a full read of the plans is fine there; never on a request path).
 */
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { ddb } from '../data/ddb.ts';
import { keys } from '../data/keys.ts';

const all = async (input: ConstructorParameters<typeof QueryCommand>[0], scan = false) => {
  const items: Record<string, any>[] = [];
  let start: Record<string, any> | undefined;
  do {
    const out = await ddb().send(
      scan ? new ScanCommand({ ...(input as object), ExclusiveStartKey: start } as never) : new QueryCommand({ ...input, ExclusiveStartKey: start }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
};

/** Every chain that must exist, by name, with what owns it. */
export const chainOwners = async (): Promise<Map<string, string>> => {
  const owners = new Map<string, string>();
  const orgs = await all({
    TableName: config.tableName('registry'),
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': keys.orgsIndexPk },
  });
  for (const o of orgs) owners.set(`org#${o.orgId}`, `organization ${o.orgId}`);
  const records = await all(
    {
      TableName: config.tableName('matters'),
      FilterExpression: 'sk IN (:plan, :matter)',
      ExpressionAttributeValues: { ':plan': 'PLAN', ':matter': 'MATTER' },
    } as never,
    true,
  );
  for (const r of records) {
    if (r.sk === 'PLAN') owners.set(`plan#${r.planId}`, `plan ${r.planId}`);
    else owners.set(`matter#${r.matterId}`, `matter ${r.matterId}`);
  }
  const users = await all({
    TableName: config.tableName('config'),
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': keys.usersIndexPk },
    Limit: 1,
  });
  if (users.length) owners.set('office', 'the users and office configuration');
  return owners;
};
