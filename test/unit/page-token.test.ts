import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePageToken, encodePageToken, type PageQuery } from '../../shared/data/page-token.ts';
import { ValidationError } from '../../shared/errors.ts';

beforeAll(() => {
  process.env.BIANZHI_DEPLOYMENT_KEY ??= 'unit-test-deployment-key-0123456789abcdef';
});

const roster = (orgId: string): PageQuery => ({ table: 'bianzhi-local-registry', index: 'gsi2', partition: `ROSTER#${orgId}` });
const key = { pk: 'PERSON#p-0123456789abcdef01234567', sk: 'PERSON', gsi2pk: 'ROSTER#a', gsi2sk: 'p-0123456789abcdef01234567' };

const refusal = (query: PageQuery, token: string) => {
  try {
    decodePageToken(query, token, 'query.nextToken');
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).issues.map((i) => `${i.path}:${i.rule}`);
  }
  return 'accepted';
};

describe('page tokens', () => {
  it('give back the key they carry, on the query that issued them; no token means the first page', () => {
    const token = encodePageToken(roster('a'), key)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(decodePageToken(roster('a'), token, 'query.nextToken')).toEqual(key);
    expect(encodePageToken(roster('a'), undefined)).toBeUndefined();
    expect(decodePageToken(roster('a'), undefined, 'query.nextToken')).toBeUndefined();
    expect(decodePageToken(roster('a'), '', 'query.nextToken')).toBeUndefined();
  });

  it('are refused on any other query: partition, prefix, index or table', () => {
    const token = encodePageToken(roster('a'), key)!;
    expect(refusal(roster('b'), token)).toEqual(['query.nextToken:pageToken']);
    expect(refusal({ ...roster('a'), index: 'gsi1' }, token)).toEqual(['query.nextToken:pageToken']);
    expect(refusal({ ...roster('a'), table: 'bianzhi-local-config' }, token)).toEqual(['query.nextToken:pageToken']);
    const orgs: PageQuery = { table: 'bianzhi-local-registry', index: 'gsi1', partition: 'ORGS', prefix: '/edu' };
    const sub = encodePageToken(orgs, { pk: 'ORG#x' })!;
    expect(refusal({ ...orgs, prefix: '/health' }, sub)).toEqual(['query.nextToken:pageToken']);
    expect(refusal({ ...orgs, prefix: undefined }, sub)).toEqual(['query.nextToken:pageToken']);
  });

  it('are refused when forged or altered', () => {
    const token = encodePageToken(roster('a'), key)!;
    const [payload, mac] = token.split('.') as [string, string];
    const other = Buffer.from(JSON.stringify({ ...key, gsi2sk: 'p-f' })).toString('base64url');
    for (const bad of [
      payload,
      `${other}.${mac}`,
      `${payload}.${mac.slice(1)}`,
      `${payload}.${mac}.x`,
      `${payload}.${mac}=`,
      Buffer.from(JSON.stringify(key)).toString('base64url'),
      '%%%',
      '.',
      'a.b',
    ]) {
      expect(refusal(roster('a'), bad), bad).toEqual(['query.nextToken:pageToken']);
    }
  });

  it('refuse any string that was not issued, with a 422 and never another error', () => {
    const token = encodePageToken(roster('a'), key)!;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        fc.pre(s !== '' && s !== token);
        expect(refusal(roster('a'), s)).toEqual(['query.nextToken:pageToken']);
      }),
      { numRuns: 500 },
    );
  });
});
