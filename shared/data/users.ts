import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../clock.ts';
import { config } from '../config.ts';
import { ConflictError, fieldIssue, NotFoundError, ValidationError } from '../errors.ts';
import { msg, translate } from '../schemas/messages.ts';
import type { User, UserInput, UserPatch } from '../schemas/users.ts';
import { ddb } from './ddb.ts';
import { keys, recordOf } from './keys.ts';
import { decodePageToken, encodePageToken } from './page-token.ts';
import { type Actor, unchanged, writeAudited } from './write.ts';

const table = () => config.tableName('config');

const toItem = (u: User) => ({ ...keys.user(u.userId), ...keys.userIndex(u.userId), ...u });

export const usersRepo = {
  /** Consistent read: a role change or a disable takes effect on the very next request. */
  async get(userId: string): Promise<User | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: keys.user(userId), ConsistentRead: true }));
    return out.Item ? recordOf<User>(out.Item) : undefined;
  },

  async list(limit: number, nextToken?: string): Promise<{ items: User[]; nextToken?: string }> {
    const page = { table: table(), index: 'gsi1', partition: keys.usersIndexPk };
    const out = await ddb().send(
      new QueryCommand({
        TableName: page.table,
        IndexName: page.index,
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': page.partition },
        Limit: limit,
        ExclusiveStartKey: decodePageToken(page, nextToken, 'query.nextToken'),
      }),
    );
    return {
      items: (out.Items ?? []).map((i) => recordOf<User>(i)),
      nextToken: encodePageToken(page, out.LastEvaluatedKey),
    };
  },

  async create(input: UserInput, actor: Actor): Promise<User> {
    const at = nowIso();
    const user: User = { ...input, enabled: true, createdAt: at, updatedAt: at, version: 1 };
    await writeAudited(
      unchanged({
        items: { user: { Put: { TableName: table(), Item: toItem(user), ConditionExpression: 'attribute_not_exists(pk)' } } },
        chains: [{ audit: { chain: { kind: 'office' }, actor, entityType: 'user', entityId: user.userId, action: 'create', before: null, after: user } }],
        refuse: () => new ConflictError(`User ${user.userId} already exists`, `用户 ${user.userId} 已存在`, 'USER_EXISTS'),
      }),
    );
    return user;
  },

  /** Applies a patch to the user as they are now: a concurrent change is read again and the patch applied on top. */
  async update(userId: string, patch: UserPatch, actor: Actor): Promise<User> {
    const { reason, ...changes } = patch;
    let result: User | undefined;
    await writeAudited(async () => {
      const before = await this.get(userId);
      if (!before) throw new NotFoundError(`No user ${userId}`, `用户 ${userId} 不存在`);
      const after: User = { ...before, updatedAt: nowIso(), version: before.version + 1 };
      for (const [k, v] of Object.entries(changes)) {
        if (v === undefined) continue;
        if (v === null) delete (after as Record<string, unknown>)[k];
        else (after as Record<string, unknown>)[k] = v;
      }
      // The rule POST /users holds a new user to, held on the user as the patch leaves them.
      if (after.role === 'department' && !after.organizationId) {
        const { en, zh } = translate(msg('requiredForDepartment'))!;
        throw new ValidationError([fieldIssue('body.organizationId', 'requiredForDepartment', en, zh)]);
      }
      result = after;
      return {
        items: {
          user: { Put: { TableName: table(), Item: toItem(after), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': before.version } } },
        },
        chains: [{ audit: { chain: { kind: 'office' }, actor, entityType: 'user', entityId: userId, action: 'update', before, after, reason } }],
        refuse: () => 'retry',
      };
    });
    return result!;
  },

  /** Seeding path for the embedded host's demo users (idempotent, still audited). */
  async ensure(input: UserInput, actor: Actor): Promise<void> {
    if (await this.get(input.userId)) return;
    await this.create(input, actor).catch((e) => {
      if (!(e instanceof ConflictError)) throw e;
    });
  },
};
