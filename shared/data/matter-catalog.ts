/**
 * The matter catalog as office data: one versioned item in the config table, the built-in
 * catalog until the office admin first saves one. A save is audited on the office chain and
 * refused if the catalog changed since the version the admin read.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../clock.ts';
import { config } from '../config.ts';
import { DEFAULT_MATTER_CATALOG } from '../domain/matters/catalog.ts';
import { ConflictError } from '../errors.ts';
import type { MatterCatalog, MatterCatalogInput } from '../schemas/matters.ts';
import { ddb } from './ddb.ts';
import { keys, recordOf } from './keys.ts';
import { type Actor, writeAudited } from './write.ts';

const table = () => config.tableName('config');

const BUILT_IN: MatterCatalog = { version: 0, source: 'builtIn', ...DEFAULT_MATTER_CATALOG };

export const matterCatalogRepo = {
  async get(): Promise<MatterCatalog> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: keys.matterCatalog, ConsistentRead: true }));
    return out.Item ? recordOf<MatterCatalog>(out.Item) : BUILT_IN;
  },

  /** Saves `input` over the catalog of `input.version`; a newer one is never overwritten. */
  async put(input: MatterCatalogInput, actor: Actor): Promise<MatterCatalog> {
    const { version, reason, ...content } = input;
    let saved: MatterCatalog | undefined;
    await writeAudited(async () => {
      const before = await this.get();
      if (before.version !== version) {
        throw new ConflictError(
          `The catalog is at version ${before.version}, not ${version}: read it again`,
          `事项目录已被修改（当前版本 ${before.version}），请刷新后重试`,
          'STALE_CATALOG',
        );
      }
      saved = { version: version + 1, source: 'stored', ...content, updatedAt: nowIso(), updatedBy: actor.userId };
      return {
        items: {
          catalog: {
            Put: {
              TableName: table(),
              Item: { ...keys.matterCatalog, ...saved },
              ...(version === 0
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': version } }),
            },
          },
        },
        chains: [
          {
            audit: {
              chain: { kind: 'office' },
              actor,
              entityType: 'matterCatalog',
              entityId: 'matterCatalog',
              action: 'update',
              before: before.source === 'builtIn' ? { source: 'builtIn' } : before,
              after: saved,
              reason,
            },
          },
        ],
        // Saved by someone else meanwhile: read again, and the version check above answers.
        refuse: () => 'retry',
      };
    });
    return saved!;
  },
};
