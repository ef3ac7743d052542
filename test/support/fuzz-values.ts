/**
 * fast-check arbitraries for the fuzz suite: values shaped by a route's JSON Schema, strings
 * no field should trip over, and the mutations that make a value malformed.
 */
import fc from 'fast-check';
import { isDatePattern, type JsonSchema } from './json-schema.ts';

export const HUGE = 100_000;

const CJK = fc.constantFrom('咸', '宁', '市', '教', '育', '局', '编', '制', '张', '伟', '·', '𠀀', '𬌗', '（', '）', '〔', '〕');
export const chinese = (min = 1, max = 12) => fc.array(CJK, { minLength: min, maxLength: max }).map((a) => a.join(''));

const C0_C1 = [...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)), '\u007f', '\u0085', '\u009b', '\u009f'];
const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
const SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', '\udc00\ud800'];

/** Strings a client can send where text is expected: each has broken something somewhere. */
export const ODD_CONSTANTS = [
  '',
  ' ',
  '\u3000',
  '\ufeff',
  '\u200b',
  '\u200d',
  '\u2028',
  '\u2029',
  '\ufffe',
  '\uffff',
  '\ufffd',
  '👍🏽',
  '👨‍👩‍👧‍👦',
  '🇨🇳',
  '𠀀',
  '𬌗',
  '𪚥',
  'e\u0301',
  '２０２６-０２-０３',
  '١٢٣',
  '1e400',
  'NaN',
  '-0',
  'null',
  'true',
  '[]',
  '{}',
  '0x10',
  '  1  ',
  "' OR '1'='1",
  '{"$gt":""}',
  '${jndi:ldap://x/a}',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '\\',
  '"',
  '%',
  '%%',
  '%00',
  '%zz',
  '%E4%B8',
  '%E4%B8%AD',
  '%25',
  '%2F',
  '%u4E2D',
  '+',
  'USER#demo-admin',
  'ORG#x',
  'ROSTER#x',
  '#',
  '?',
  '/',
  'a/b',
  '\r\n',
  '\t',
];

/** 100 KB and more, in one, three and four UTF-8 bytes a character, and in controls. */
export const HUGE_STRINGS = ['a'.repeat(HUGE), '中'.repeat(HUGE / 3), '𠀀'.repeat(HUGE / 4), '\u0000'.repeat(HUGE), `${'咸'.repeat(HUGE / 3)}\u202e`];

const sandwich = (middle: fc.Arbitrary<string>) => fc.tuple(chinese(0, 4), middle, chinese(0, 4)).map(([a, m, b]) => `${a}${m}${b}`);

export const oddString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...ODD_CONSTANTS), weight: 4 },
  { arbitrary: sandwich(fc.constantFrom(...C0_C1)), weight: 2 },
  { arbitrary: sandwich(fc.constantFrom(...BIDI)), weight: 2 },
  { arbitrary: sandwich(fc.constantFrom(...SURROGATES)), weight: 2 },
  {
    arbitrary: fc
      .array(fc.constantFrom('%', '%0', '%00', '%zz', '%E4', '%B8%AD', '%25', '%2F', '%u4E2D', '+', 'a'), { minLength: 1, maxLength: 6 })
      .map((a) => a.join('')),
    weight: 2,
  },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 24 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }), weight: 2 },
  { arbitrary: fc.constantFrom(...HUGE_STRINGS), weight: 1 },
);

/** Dates in the right format that the calendar does not have, and near misses of the format. */
export const badDate = fc.constantFrom(
  '2026-02-30',
  '2025-02-29',
  '2026-13-01',
  '2026-00-10',
  '2026-04-31',
  '2026-01-00',
  '2026-2-3',
  '2026/02/03',
  '20260203',
  '2026-02-03T00:00:00Z',
  '',
);

export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, 1, -1, 1.5, 1e308, '', 'x', [], [1], ['a'], {}, { a: 1 }, [[[]]], { '': null }),
  oddString,
);

export const badNumber = fc.constantFrom<unknown>(-1, 1.5, -0.5, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, 1e-320, 100_001, 201, '1', '1e2', true, null);

/**
 * Where a valid-looking value is not any string of the right pattern (an organization that
 * exists, a national ID with its check digit): by field path (`files.name`, array items
 * under their array's name) or, failing that, by field name.
 */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

const realDate = fc
  .date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2026-11-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** A value the schema would likely take (the suite checks with the schema itself). */
export const likelyValue = (js: JsonSchema, hints: Hints, path = ''): fc.Arbitrary<unknown> => {
  if (js.oneOf || js.anyOf) return fc.oneof(...(js.oneOf ?? js.anyOf).map((v: JsonSchema) => likelyValue(v, hints, path)));
  if (js.const !== undefined) return fc.constant(js.const);
  if (js.enum) return fc.constantFrom(...js.enum);
  const hint = hints[path] ?? hints[path.split('.').at(-1)!];
  if (hint) return hint;
  switch (js.type) {
    case 'string': {
      if (isDatePattern(js)) return realDate;
      if (js.format === 'base64') return fc.uint8Array({ maxLength: 120 }).map((b) => Buffer.from(b).toString('base64'));
      if (js.pattern) return fc.stringMatching(new RegExp(js.pattern)).filter((s) => s.length <= (js.maxLength ?? 200));
      const min = js.minLength ?? 0;
      const max = Math.min(js.maxLength ?? 40, 40);
      return fc.oneof(chinese(Math.max(min, 1), Math.max(max, 1)), fc.string({ unit: 'grapheme', minLength: min, maxLength: max }));
    }
    case 'integer':
      return fc.integer({ min: Math.max(js.minimum ?? -1000, Number.MIN_SAFE_INTEGER), max: Math.min(js.maximum ?? 1000, 10_000) });
    case 'number':
      return fc.double({ min: js.minimum ?? -1000, max: js.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(likelyValue(js.items ?? {}, hints, path), { minLength: js.minItems ?? 0, maxLength: Math.min(js.maxItems ?? 3, 3) });
    case 'object': {
      if (!js.properties && js.propertyNames?.enum) {
        return fc
          .subarray(js.propertyNames.enum as string[])
          .chain((keys) =>
            fc.tuple(...keys.map(() => likelyValue(js.additionalProperties ?? {}, hints))).map((vs) => Object.fromEntries(keys.map((k, i) => [k, vs[i]]))),
          );
      }
      const props = js.properties ?? {};
      return fc.record(Object.fromEntries(Object.entries(props).map(([k, p]) => [k, likelyValue(p as JsonSchema, hints, path ? `${path}.${k}` : k)])), {
        requiredKeys: js.required ?? [],
      });
    }
    default:
      return fc.constant(null);
  }
};

type Path = (string | number)[];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every path in a JSON value, the root (`[]`) first. */
const pathsOf = (v: unknown, at: Path = []): { path: Path; value: unknown }[] => [
  { path: at, value: v },
  ...(Array.isArray(v) ? v.flatMap((x, i) => pathsOf(x, [...at, i])) : isObject(v) ? Object.entries(v).flatMap(([k, x]) => pathsOf(x, [...at, k])) : []),
];

/** An own property even for `__proto__`, so JSON.stringify sends it. */
const define = (o: Record<string, unknown>, k: string, v: unknown) =>
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });

const setAt = (root: unknown, path: Path, value: unknown): unknown => {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as any;
  let node = copy;
  for (const seg of path.slice(0, -1)) node = node[seg];
  const last = path.at(-1)!;
  if (Array.isArray(node)) node[last as number] = value;
  else define(node, String(last), value);
  return copy;
};

const deleteAt = (root: unknown, path: Path): unknown => {
  const copy = structuredClone(root) as any;
  let node = copy;
  for (const seg of path.slice(0, -1)) node = node[seg];
  if (Array.isArray(node)) node.splice(path.at(-1) as number, 1);
  else delete node[path.at(-1)!];
  return copy;
};

export const pathText = (prefix: string, path: Path) => path.reduce<string>((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : `${acc}.${s}`), prefix);

export const MUTATIONS = ['wrongRoot', 'missing', 'extra', 'wrongType', 'odd', 'huge', 'badNumber', 'badDate'] as const;
export type MutationKind = (typeof MUTATIONS)[number];

const EXTRA_KEYS = ['extra', '__proto__', 'constructor', 'prototype', '', '𠀀', 'a'.repeat(1000), 'toString', '$where', 'pk', 'admin'];

/** A value drawn from `base`, then mutated once: the kind, the path it touched, the value after it. */
export const mutated = (base: fc.Arbitrary<unknown>, prefix: string): fc.Arbitrary<{ kind: MutationKind; at: string; value: unknown }> =>
  fc
    .tuple(
      base,
      fc.constantFrom(...MUTATIONS),
      fc.nat(),
      wrongType,
      oddString,
      fc.constantFrom(...HUGE_STRINGS),
      badNumber,
      badDate,
      fc.constantFrom(...EXTRA_KEYS),
    )
    .map(([base, kind, pick, wrong, odd, huge, num, date, extraKey]) => {
      const all = pathsOf(base);
      const choose = <T>(xs: T[]): T | undefined => (xs.length ? xs[pick % xs.length] : undefined);
      const leaves = all.filter((p) => p.path.length > 0);
      const strings = all.filter((p) => typeof p.value === 'string');
      const at = (p: Path) => pathText(prefix, p);
      switch (kind) {
        case 'missing': {
          const p = choose(leaves.filter((l) => typeof l.path.at(-1) === 'string'));
          if (p) return { kind, at: at(p.path), value: deleteAt(base, p.path) };
          break;
        }
        case 'extra': {
          const o = choose(all.filter((p) => isObject(p.value)));
          if (o) return { kind, at: at(o.path), value: setAt(base, [...o.path, extraKey], wrong) };
          break;
        }
        case 'wrongType': {
          const p = choose(leaves);
          if (p) return { kind, at: at(p.path), value: setAt(base, p.path, wrong) };
          break;
        }
        case 'odd':
        case 'huge': {
          const p = choose(strings.length ? strings : leaves);
          if (p) return { kind, at: at(p.path), value: setAt(base, p.path, kind === 'odd' ? odd : huge) };
          break;
        }
        case 'badNumber': {
          const p = choose(all.filter((l) => typeof l.value === 'number'));
          if (p) return { kind, at: at(p.path), value: setAt(base, p.path, num) };
          break;
        }
        case 'badDate': {
          const p = choose(strings.filter((s) => /^\d{4}-\d{2}-\d{2}$/.test(s.value as string)));
          if (p) return { kind, at: at(p.path), value: setAt(base, p.path, date) };
          break;
        }
      }
      return { kind: 'wrongRoot' as const, at: prefix, value: wrong };
    });

/** Bodies that are not JSON, or not JSON in UTF-8. */
export const BAD_JSON = [
  '{',
  '}',
  '{"a":}',
  "{'a':1}",
  '{"a":1,}',
  'NaN',
  'undefined',
  '\ufeff{}',
  '{"a":"\\x"}',
  '{}garbage',
  '{"a":1}{"b":2}',
  '"',
  '\u0000',
  'nul',
  '['.repeat(5000),
  '{"a":'.repeat(3000),
  `${'['.repeat(3000)}${']'.repeat(3000)}`,
  `{"a":${'['.repeat(3000)}${']'.repeat(3000)}}`,
];
