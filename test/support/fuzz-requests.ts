/**
 * Requests for one route of the manifest, made from its own schemas, and what the suite knows
 * of each before it is sent: whether the gateway can route and decode it, and whether a bad
 * token or a part its schemas refuse means it must be refused before the handler acts (so it
 * may write nothing), with the issues parseOrThrow names for it.
 */
import fc from 'fast-check';
import { ValidationError } from '../../shared/errors.ts';
import { parseOrThrow } from '../../shared/http/zod-issues.ts';
import type { RouteDecl } from '../../shared/manifest-types.ts';
import type { Schema as ZodType } from '../../shared/schemas/zod.ts';
import { BAD_JSON, type Hints, likelyValue, mutated, oddString, wrongType } from './fuzz-values.ts';
import { inputJsonSchema, type Part } from './json-schema.ts';
import { pathParams } from './route-requests.ts';

export interface FuzzFixture {
  /** The demo user each request is sent as (one whose role the route allows). */
  userFor(route: RouteDecl): string;
  /** A user whose role the route does not allow, if any. */
  wrongRoleFor(route: RouteDecl): string | undefined;
  tokens: Record<string, string>;
  /** Authorization headers that must not get past the gateway or authentication (undefined: none sent). */
  badAuth: Record<string, string | undefined>;
  /** Ids that exist, per path parameter name. */
  ids: Record<string, string[]>;
  /** Page tokens of real lists (each valid on one list only) and forged ones. */
  pageTokens: string[];
  hints: Hints;
}

export interface FuzzRequest {
  route: RouteDecl;
  /** What was done to it, e.g. `body.odd@body.name`, `auth.expired`. */
  kinds: string[];
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Must be refused before the handler acts, so nothing may be written. */
  malformed: boolean;
  /** `path:rule` of the 422 parseOrThrow gives, when the first part in the handler's order is refused by its schema. */
  expectedIssues?: string[];
  /** A path parameter the gateway cannot percent-decode (infra/local answers 500 today). */
  badPathEncoding: boolean;
  /** The gateway matches no route (404 of its own). */
  noRoute: boolean;
}

type Mode = 'malformed' | 'valid';

/** Percent-encoding of any string, lone surrogates as the bytes WTF-8 would give them (no decoder takes those). */
const encode = (s: string): string => {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...s]
      .map((ch) => {
        const c = ch.codePointAt(0)!;
        if (c < 0xd800 || c > 0xdfff) return encodeURIComponent(ch);
        return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
      })
      .join('');
  }
};

/** Sent as typed: raw percent sequences and characters a URL may carry (the URL parser encodes the rest). */
const rawPercent = fc
  .array(fc.constantFrom('%', '%0', '%zz', '%E4', '%E4%B8', '%C0%AF', '%ED%A0%80', '%FF', '%25', 'a', '中'), { minLength: 1, maxLength: 5 })
  .map((a) => a.join(''));

/**
 * The gateway's match of a path, one group per `{name}` segment. A greedy `{name+}` segment
 * matches no request made here (paramsArb leaves it unfilled), so on every path that matches,
 * the groups line up with pathParams.
 */
const compile = (path: string) =>
  new RegExp(
    `^${path
      .split('/')
      .map((seg) => (/^\{\w+\}$/.test(seg) ? '([^/]+)' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')}$`,
  );

const issuesOf = (schema: ZodType, value: unknown, part: Part): string[] | undefined => {
  try {
    parseOrThrow(schema, value, part);
    return undefined;
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return e.issues.map((i) => `${i.path}:${i.rule}`);
  }
};

const stringify = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' || v === null ? String(v) : JSON.stringify(v);

interface Piece<T> {
  kinds: string[];
  value: T;
}

const paramsArb = (route: RouteDecl, fx: FuzzFixture, bad: boolean): fc.Arbitrary<Piece<{ name: string; encoded: string }[]>> => {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  if (!names.length) return fc.constant({ kinds: [], value: [] });
  const js = route.params ? inputJsonSchema(route.params) : { properties: {} };
  const one = (name: string, forceBad: boolean): fc.Arbitrary<Piece<{ name: string; encoded: string }>> => {
    const prop = js.properties?.[name] ?? {};
    const good = fc.oneof(
      {
        arbitrary: fc.constantFrom(...(fx.ids[name]?.length ? fx.ids[name]! : (prop.enum ?? ['x']))).map((v) => ({ kinds: [`params.known@${name}`], v })),
        weight: 3,
      },
      { arbitrary: likelyValue(prop, {}).map((v) => ({ kinds: [`params.random@${name}`], v: String(v) })), weight: 1 },
    );
    const poor = fc.oneof(
      { arbitrary: oddString.map((v) => ({ kinds: [`params.odd@${name}`], v })), weight: 4 },
      { arbitrary: wrongType.map((v) => ({ kinds: [`params.wrongType@${name}`], v: stringify(v) })), weight: 1 },
      { arbitrary: rawPercent.map((raw) => ({ kinds: [`params.rawPercent@${name}`], raw })), weight: 1 },
    );
    return (forceBad ? poor : good).map((p: { kinds: string[]; v?: string; raw?: string }) => {
      let encoded = p.raw ?? encode(p.v!);
      // A segment of dots would be resolved away by the URL parser and reach another route.
      if (/^(\.|%2e)*$/i.test(encoded) && encoded !== '') encoded = `${encoded}x`;
      return { kinds: p.kinds, value: { name, encoded } };
    });
  };
  const good = names.map((n) => one(n, false));
  const poor = names.map((n) => one(n, true));
  // When bad, exactly one parameter is; the others are drawn as a client would send them.
  const choices = bad ? names.map((_, b) => fc.tuple(...names.map((_n, i) => (i === b ? poor[i]! : good[i]!)))) : [fc.tuple(...good)];
  return fc.oneof(...choices).map((ps) => ({ kinds: ps.flatMap((p) => p.kinds), value: ps.map((p) => p.value) }));
};

const queryArb = (route: RouteDecl, fx: FuzzFixture, bad: boolean): fc.Arbitrary<Piece<string>> => {
  const extra = fc.constantFrom('', '&foo=bar', '&__proto__=1', '&limit[]=1', '&=', '&&', '&nextToken', '&%zz=%zz');
  if (!route.query)
    return fc.tuple(fc.boolean(), extra).map(([some, e]) => ({ kinds: some && e ? ['query.ignored'] : [], value: some ? e.replace(/^&/, '') : '' }));
  const js = inputJsonSchema(route.query);
  const hints: Hints = { ...fx.hints, nextToken: fc.constantFrom(...fx.pageTokens) };
  const enc = (entries: [string, string, boolean?][]) => entries.map(([k, v, raw]) => `${encode(k)}=${raw ? v : encode(v)}`).join('&');
  const good = fc
    .tuple(likelyValue(js, hints), extra)
    .map(([q, e]) => ({ kinds: ['query.valid'], value: `${enc(Object.entries(q as object).map(([k, v]) => [k, stringify(v)]))}${e}` }));
  if (!bad) return good;
  const keys = Object.keys(js.properties ?? {});
  return fc
    .tuple(
      likelyValue(js, hints),
      fc.constantFrom(...keys),
      fc.oneof(
        oddString,
        wrongType.map(stringify),
        fc.constantFrom('0', '-1', '1.5', '1e400', '201', '', 'abc', '2026-02-30', '2025-02-29', '2026-13-01'),
        rawPercent,
      ),
      fc.boolean(),
    )
    .map(([q, key, v, dup]) => {
      const entries: [string, string, boolean?][] = Object.entries(q as object)
        .filter(([k]) => k !== key)
        .map(([k, x]) => [k, stringify(x)]);
      entries.push([key, v, /%/.test(v) && !/[^%0-9A-Za-z中]/.test(v)]);
      if (dup) entries.push([key, '1']);
      return { kinds: [`query.bad@${key}${dup ? '+dup' : ''}`], value: enc(entries) };
    });
};

/** What the handler reads as a JSON body: application/json, in UTF-8 or no charset named. */
const JSON_UTF8 = /^application\/json\s*(?:;\s*charset=utf-?8\s*)?$/i;

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/json; charset=gb18030',
  'application/octet-stream',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
];

type BodyPiece = Piece<{ body?: string | Uint8Array; contentType?: string }>;

const bodyArb = (route: RouteDecl, fx: FuzzFixture, bad: boolean): fc.Arbitrary<BodyPiece> => {
  const json = (v: unknown) => (v === undefined ? '' : JSON.stringify(v));
  if (!route.body) {
    return fc.oneof(
      { arbitrary: fc.constant<BodyPiece>({ kinds: [], value: {} }), weight: 3 },
      {
        arbitrary: fc.constantFrom(...BAD_JSON, '{"a":1}').map((b) => ({ kinds: ['body.ignored'], value: { body: b, contentType: 'application/json' } })),
        weight: 1,
      },
    );
  }
  const base = likelyValue(inputJsonSchema(route.body), fx.hints);
  const good = base.map((v) => ({ kinds: ['body.valid'], value: { body: json(v), contentType: 'application/json' } }));
  if (!bad) return good;
  return fc.oneof(
    {
      arbitrary: mutated(base, 'body').map((m) => ({ kinds: [`body.${m.kind}@${m.at}`], value: { body: json(m.value), contentType: 'application/json' } })),
      weight: 12,
    },
    { arbitrary: fc.constantFrom(...BAD_JSON).map((b) => ({ kinds: ['body.badJson'], value: { body: b, contentType: 'application/json' } })), weight: 2 },
    { arbitrary: fc.constant<BodyPiece>({ kinds: ['body.empty'], value: { body: '', contentType: 'application/json' } }), weight: 1 },
    {
      arbitrary: fc
        .tuple(base, fc.constantFrom('utf16le', 'latin1', 'bom', 'invalidUtf8', 'truncated'), fc.constantFrom(...CONTENT_TYPES))
        .map(([v, how, ct]) => {
          const text = json(v);
          const bytes =
            how === 'utf16le'
              ? Buffer.from(text, 'utf16le')
              : how === 'latin1'
                ? Buffer.from(text, 'latin1')
                : how === 'bom'
                  ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])
                  : how === 'invalidUtf8'
                    ? Buffer.concat([Buffer.from(text.slice(0, 2)), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from(text.slice(2))])
                    : Buffer.from(text).subarray(0, Math.max(1, Buffer.byteLength(text) - 3));
          return { kinds: [`body.encoding:${how}`], value: { body: new Uint8Array(bytes), contentType: ct } };
        }),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(base, fc.constantFrom(...CONTENT_TYPES.slice(2)))
        .map(([v, ct]) => ({ kinds: [`body.contentType:${ct}`], value: { body: json(v), contentType: ct } })),
      weight: 1,
    },
  );
};

const authArb = (route: RouteDecl, fx: FuzzFixture, bad: boolean): fc.Arbitrary<Piece<string | undefined>> => {
  if (route.access === 'public') return fc.constant({ kinds: [], value: undefined });
  const own = `Bearer ${fx.tokens[fx.userFor(route)]}`;
  if (!bad) return fc.constant({ kinds: [], value: own });
  const wrong = fx.wrongRoleFor(route);
  const labels = [...Object.keys(fx.badAuth), ...(wrong ? ['wrongRole'] : [])];
  return fc.constantFrom(...labels).map((l) => ({ kinds: [`auth.${l}`], value: l === 'wrongRole' ? `Bearer ${fx.tokens[wrong!]}` : fx.badAuth[l] }));
};

const idempotencyArb = (route: RouteDecl, bad: boolean): fc.Arbitrary<Piece<string | undefined>> => {
  if (!route.idempotent) return fc.constant({ kinds: [], value: undefined });
  const good = fc.stringMatching(/^fz-[a-z0-9]{8,20}$/).map((k) => ({ kinds: [], value: k as string | undefined }));
  if (!bad) return good;
  // Header values must be ByteStrings: odd, but what a client can send.
  return fc
    .constantFrom(undefined, '', 'short', 'x'.repeat(200), 'has space', 'ünïcode', 'a,b;c=d', '../../x')
    .map((k) => ({ kinds: ['header.idempotencyKey'], value: k }));
};

/** How the gateway and then the handler see a request: route, path decoding, then params, query and body against their schemas, in the handler's order. */
const classify = (
  route: RouteDecl,
  gatewayPath: { re: RegExp; names: string[] },
  url: string,
  body: string | Uint8Array | undefined,
  authBad: boolean,
  contentType?: string,
): Pick<FuzzRequest, 'malformed' | 'expectedIssues' | 'badPathEncoding' | 'noRoute'> => {
  const u = new URL(url, 'http://fuzz.local');
  const m = gatewayPath.re.exec(u.pathname);
  if (!m) return { malformed: true, badPathEncoding: false, noRoute: true };
  const params: Record<string, string> = {};
  try {
    for (const [i, n] of gatewayPath.names.entries()) params[n] = decodeURIComponent(m[i + 1]!);
  } catch {
    return { malformed: true, badPathEncoding: true, noRoute: false };
  }
  if (authBad) return { malformed: true, badPathEncoding: false, noRoute: false };
  const query: Record<string, string> = {};
  for (const [k, v] of u.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  let bodyValue: unknown;
  let notJson = false;
  if (route.body) {
    const text = body === undefined ? '' : typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
    try {
      bodyValue = text === '' ? undefined : JSON.parse(text);
    } catch {
      notJson = true;
    }
  }
  const steps: [Part, ZodType | undefined, unknown][] = [
    ['params', route.params, params],
    ['query', route.query, query],
    ['body', route.body, bodyValue],
  ];
  for (const [part, schema, value] of steps) {
    if (!schema) continue;
    if (part === 'body' && notJson) return { malformed: true, badPathEncoding: false, noRoute: false };
    // A body not sent as UTF-8 JSON is refused (415) whatever it holds.
    if (part === 'body' && bodyValue !== undefined && !JSON_UTF8.test(contentType ?? '')) return { malformed: true, badPathEncoding: false, noRoute: false };
    const issues = issuesOf(schema, value, part);
    if (issues) return { malformed: true, expectedIssues: issues, badPathEncoding: false, noRoute: false };
  }
  return { malformed: false, badPathEncoding: false, noRoute: false };
};

/**
 * Requests for `route`. `malformed`: one part (token, a path parameter, the query, the body or
 * its encoding, the Idempotency-Key) is made bad, the others are drawn as a client would send
 * them; `valid`: every part drawn to fit its schema.
 */
export const requestArb = (route: RouteDecl, fx: FuzzFixture, mode: Mode): fc.Arbitrary<FuzzRequest> => {
  const targets = [
    ...(route.access === 'public' ? [] : ['auth']),
    ...(route.path.includes('{') ? ['params'] : []),
    ...(route.query ? ['query'] : []),
    ...(route.body ? ['body', 'body', 'body'] : []),
    ...(route.idempotent ? ['idempotency'] : []),
  ];
  const chosen = mode === 'valid' || targets.length === 0 ? ['none'] : targets;
  const gatewayPath = { re: compile(route.path), names: pathParams(route.path) };
  // Built once per target, not per request: building the arbitraries is most of the cost.
  const byTarget = chosen.map((t) =>
    fc
      .tuple(
        paramsArb(route, fx, t === 'params'),
        queryArb(route, fx, t === 'query'),
        bodyArb(route, fx, t === 'body'),
        authArb(route, fx, t === 'auth'),
        idempotencyArb(route, t === 'idempotency'),
      )
      .map(([p, q, b, a, k]) => {
        let path = route.path;
        for (const { name, encoded } of p.value) path = path.replace(`{${name}}`, encoded);
        const url = q.value ? `${path}?${q.value}` : path;
        const headers: Record<string, string> = {};
        if (a.value !== undefined) headers.authorization = a.value;
        if (b.value.contentType) headers['content-type'] = b.value.contentType;
        if (k.value !== undefined) headers['idempotency-key'] = k.value;
        const kinds = [...a.kinds, ...p.kinds, ...q.kinds, ...b.kinds, ...k.kinds];
        const c = classify(route, gatewayPath, url, b.value.body, t === 'auth', b.value.contentType);
        // A bad Idempotency-Key is the first thing the handler refuses (400), before it reads or writes.
        return { route, kinds, method: route.method, url, headers, body: b.value.body, ...c, malformed: c.malformed || t === 'idempotency' };
      }),
  );
  return fc.oneof(...byTarget);
};
