import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { classifyCancellation } from '../../shared/data/write.ts';
import { ValidationError } from '../../shared/errors.ts';
import { authorize } from '../../shared/http/authorize.ts';
import { parseOrThrow } from '../../shared/http/zod-issues.ts';
import { manifest } from '../../shared/manifest.ts';
import { UserInput } from '../../shared/schemas/users.ts';

describe('parseOrThrow', () => {
  it('names every bad field with its path, rule and a Chinese message', () => {
    const schema = z.object({ people: z.array(z.object({ age: z.number().int().min(18) })) });
    try {
      parseOrThrow(schema, { people: [{ age: 20 }, { age: 3 }] }, 'body');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      const v = e as ValidationError;
      expect(v.statusCode).toBe(422);
      expect(v.issues).toHaveLength(1);
      expect(v.issues[0]).toMatchObject({ path: 'body.people[1].age', rule: 'too_small' });
      expect(v.issues[0]!.messageZh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('requires an organization for department users', () => {
    expect(() => parseOrThrow(UserInput, { userId: 'ab', displayName: 'x', role: 'department' }, 'body')).toThrow(/body\.organizationId/);
  });
});

describe('authorize', () => {
  const route = manifest.routes.find((r) => r.method === 'POST' && r.path === '/users')!;
  const user = { userId: 'u1', displayName: 'U', enabled: true, createdAt: '', updatedAt: '', version: 1 };
  it('lets an allowed role through and refuses others with 403', () => {
    expect(() => authorize(route, { ...user, role: 'officeAdmin' })).not.toThrow();
    expect(() => authorize(route, { ...user, role: 'department', organizationId: 'o' })).toThrow(expect.objectContaining({ statusCode: 403 }));
  });
});

describe('classifyCancellation', () => {
  it('tells a failed condition from a conflict with another transaction', () => {
    const err = new TransactionCanceledException({
      message: 'cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'TransactionConflict' }],
    });
    expect(classifyCancellation(err)).toEqual(['Other', 'ConditionalCheckFailed', 'TransactionConflict']);
    expect(classifyCancellation(new Error('x'))).toBeUndefined();
  });
});
