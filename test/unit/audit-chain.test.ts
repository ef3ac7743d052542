import { describe, expect, it } from 'vitest';
import { entrySortKey, GENESIS_HASH, type SealedEntry, sealEntry, verifyChain } from '../../shared/domain/audit-chain.ts';
import { canonicalJson } from '../../shared/domain/canonical-json.ts';

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1, y: 2 } })).toBe('{"a":[true,null,"x"],"b":1,"c":{"y":2,"z":1}}');
    // The RFC's ordering example: "\u20ac" sorts after "\r" and before "\ud83d\ude00" by code unit.
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '\ud83d\ude00': 3, '1': 4 })).toBe('{"\\r":2,"1":4,"€":1,"😀":3}');
  });
  it('serializes numbers as ECMAScript does and refuses NaN', () => {
    expect(canonicalJson([1e21, 0.000001, 1e-7, -0, 333333333.3333333])).toBe('[1e+21,0.000001,1e-7,0,333333333.3333333]');
    expect(() => canonicalJson(NaN)).toThrow();
  });
  it('keeps Chinese text as it is', () => {
    expect(canonicalJson({ 名称: '咸宁市教育局' })).toBe('{"名称":"咸宁市教育局"}');
  });
});

describe('audit chain', () => {
  type Stored = SealedEntry & { sk: string };
  /** Items as DynamoDB holds them: the sort key is the slot, the rest is the entry's content. */
  const inSlots = (entries: SealedEntry[]): Stored[] => entries.map((e, i) => ({ ...e, sk: entrySortKey(i + 1) }));
  const chainOf = (n: number): Stored[] => {
    const out: SealedEntry[] = [];
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= n; seq++) {
      const e = sealEntry({
        chain: 'org#edu',
        seq,
        prevHash: prev,
        at: `2026-11-29T0${seq}:00:00.000Z`,
        actor: 'clerk',
        role: 'sectionStaff',
        requestId: `r${seq}`,
        entityType: 'quota',
        entityId: 'edu/administrative',
        action: 'set',
        before: { approved: seq - 1 },
        after: { approved: seq },
        reason: '咸编发〔2026〕7号',
      });
      out.push(e);
      prev = e.hash;
    }
    return inSlots(out);
  };
  const head = (c: SealedEntry[]) => ({ seq: c.length, hash: c.at(-1)!.hash });

  it('proves an intact chain', () => {
    const c = chainOf(5);
    expect(verifyChain('org#edu', c, head(c), { seq: 3, hash: c[2]!.hash })).toBeUndefined();
  });

  it('names an altered entry, whether the field or its text was changed', () => {
    const c = chainOf(5);
    const fieldChanged = c.map((e) => (e.seq === 3 ? { ...e, after: { approved: 99 } } : e));
    expect(verifyChain('org#edu', fieldChanged, head(c), undefined)).toMatchObject({ kind: 'altered', seq: 3 });
    const resealed = c.map((e) => (e.seq === 3 ? { ...sealEntry({ ...e, after: { approved: 99 } }), sk: e.sk } : e));
    expect(verifyChain('org#edu', resealed, head(c), undefined)).toMatchObject({ kind: 'altered', seq: 3 });
  });

  it('names a missing entry and a reordered pair', () => {
    const c = chainOf(5);
    expect(
      verifyChain(
        'org#edu',
        c.filter((e) => e.seq !== 2),
        head(c),
        undefined,
      ),
    ).toMatchObject({ kind: 'missing', seq: 2 });
    // The contents of slots 2 and 3 swapped.
    const swapped = inSlots([c[0]!, c[2]!, c[1]!, c[3]!, c[4]!]);
    expect(verifyChain('org#edu', swapped, head(c), undefined)).toMatchObject({ kind: 'reordered', seq: 2 });
    // Swapped and renumbered: the numbers no longer match the text the hashes cover.
    const renumbered = inSlots([c[0]!, { ...c[2]!, seq: 2 }, { ...c[1]!, seq: 3 }, c[3]!, c[4]!]);
    expect(verifyChain('org#edu', renumbered, head(c), undefined)).toMatchObject({ kind: 'altered', seq: 2 });
  });

  it('catches a deleted tail through the head, and through the checkpoint when the head was rolled back too', () => {
    const c = chainOf(5);
    const cut = c.slice(0, 3);
    expect(verifyChain('org#edu', cut, head(c), undefined)).toMatchObject({ kind: 'truncated', seq: 4 });
    expect(verifyChain('org#edu', cut, head(cut), undefined)).toBeUndefined();
    expect(verifyChain('org#edu', cut, head(cut), { seq: 5, hash: c[4]!.hash })).toMatchObject({ kind: 'truncated', seq: 4 });
  });
});
