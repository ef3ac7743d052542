/**
 * Document numbers (R-MAT-4) against DynamoDB Local: issued inside the transaction of the
 * document they number, they are distinct and consecutive under concurrency, and a write that
 * fails takes none (no gap, no reuse).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../shared/config.ts';
import { ddb } from '../../shared/data/ddb.ts';
import { issueNumber } from '../../shared/data/numbering.ts';
import { writeAudited } from '../../shared/data/write.ts';
import { ConflictError } from '../../shared/errors.ts';
import { startTestHost } from '../support/host.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
const actor = { userId: 'numbering-test', role: 'system', requestId: 'numbering' };

/** Issues one document of `form` for a matter of its own, as the issue step will: number, claim and audit in one transaction. */
const issue = async (matterId: string, year: number, fail = false) => {
  let number = '';
  await writeAudited(async () => {
    const n = await issueNumber('committee', year, { kind: 'matter', id: matterId });
    number = n.number;
    return {
      items: {
        ...n.items,
        // A business condition that fails: the document is not issued, and must not take a number.
        ...(fail
          ? {
              guard: {
                ConditionCheck: { TableName: config.tableName('config'), Key: { pk: 'NO#SUCH', sk: 'ITEM' }, ConditionExpression: 'attribute_exists(pk)' },
              },
            }
          : {}),
      },
      chains: [
        {
          headItem: {},
          audit: {
            chain: { kind: 'matter', id: matterId },
            actor,
            entityType: 'document',
            entityId: matterId,
            action: 'issue',
            before: null,
            after: { number },
          },
        },
      ],
      refuse: (failed) => ('item' in failed && failed.item === 'guard' ? new ConflictError('the matter changed', '事项已变化', 'STALE_MATTER') : 'retry'),
    };
  });
  return number;
};

beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => host?.cleanup());

describe('document numbers', () => {
  it('gives 50 concurrent issues 50 distinct consecutive numbers, each claimed once', async () => {
    const numbers = await Promise.all(Array.from({ length: 50 }, (_, i) => issue(`matter-${String(i).padStart(16, '0')}`, 2031)));
    const ns = numbers.map((s) => Number(/〔2031〕(\d+)号$/.exec(s)![1])).sort((a, b) => a - b);
    expect(ns).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(numbers.every((s) => s.startsWith('咸编发〔2031〕'))).toBe(true);
    const claims = await ddb().send(
      new QueryCommand({
        TableName: config.tableName('config'),
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': 'DOCNO#committee#2031' },
      }),
    );
    expect(claims.Items).toHaveLength(50);
    expect(new Set(claims.Items!.map((c) => c.subject.id)).size).toBe(50);
  }, 60_000);

  it('takes no number for an issue that fails, so the next one follows the last issued, and each year starts at 1', async () => {
    expect(await issue('matter-a000000000000001', 2032)).toBe('咸编发〔2032〕1号');
    await expect(issue('matter-a000000000000002', 2032, true)).rejects.toMatchObject({ code: 'STALE_MATTER' });
    expect(await issue('matter-a000000000000003', 2032)).toBe('咸编发〔2032〕2号');
    expect(await issue('matter-a000000000000004', 2033)).toBe('咸编发〔2033〕1号');
  });
});
