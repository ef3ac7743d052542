/** Matters (机构编制事项): the matter record, its audit chain, and a unit's list of them. */
import { randomBytes } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Matter } from '../schemas/matters.ts';
import { ddb } from './ddb.ts';
import { type IdempotencyRef, idempotencyPut } from './idempotency.ts';
import { keys, recordOf } from './keys.ts';
import { type Actor, writeAudited } from './write.ts';

const table = () => config.tableName('matters');

export const newMatterId = () => `matter-${randomBytes(8).toString('hex')}`;
export const matterChain = (matterId: string) => ({ kind: 'matter' as const, id: matterId });

const matterItem = (m: Matter) => ({ ...keys.matter(m.matterId), ...keys.matterIndex(m.orgId, m.submittedAt), ...m });

export const mattersRepo = {
  async get(matterId: string): Promise<Matter | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: keys.matter(matterId), ConsistentRead: true }));
    return out.Item ? recordOf<Matter>(out.Item) : undefined;
  },

  async require(matterId: string): Promise<Matter> {
    const m = await this.get(matterId);
    if (!m) throw new NotFoundError(`No matter ${matterId}`, `没有机构编制事项 ${matterId}`);
    return m;
  },

  async listByOrg(orgId: string, limit = 50): Promise<Matter[]> {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.matterIndexPk(orgId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => recordOf<Matter>(i));
  },

  /** Records a submitted matter and the reply to its Idempotency-Key in one transaction, the submission first on its chain. */
  async create(matter: Matter, idem: IdempotencyRef, actor: Actor): Promise<Matter> {
    await writeAudited(() => ({
      items: {
        matter: { Put: { TableName: table(), Item: matterItem(matter), ConditionExpression: 'attribute_not_exists(pk)' } },
        idempotency: idempotencyPut(idem, { matterId: matter.matterId }),
      },
      chains: [
        {
          headItem: {},
          audit: { chain: matterChain(matter.matterId), actor, entityType: 'matter', entityId: matter.matterId, action: 'submit', before: null, after: matter },
        },
      ],
      refuse: () => new ConflictError('This Idempotency-Key was used a moment ago', '该幂等键刚刚已被使用', 'IDEMPOTENCY_RACE'),
    }));
    return matter;
  },
};
