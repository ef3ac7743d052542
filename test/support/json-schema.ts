/**
 * The manifest's zod schemas seen as JSON Schema (as the OpenAPI document shows them), for
 * tests that walk every field of every route: which fields are strings, which are dates, what
 * a value of each looks like.
 */

import { manifest } from '../../shared/manifest.ts';
import type { RouteDecl } from '../../shared/manifest-types.ts';
import type { Schema as ZodType } from '../../shared/schemas/zod.ts';
import * as z from '../../shared/schemas/zod.ts';

export type JsonSchema = Record<string, any>;
export type Part = 'params' | 'query' | 'body';
export const PARTS: Part[] = ['params', 'query', 'body'];

/** `$ref`s into `$defs` replaced by what they point at (our input schemas have no cycles). */
const inline = (node: unknown, defs: Record<string, JsonSchema>): any => {
  if (Array.isArray(node)) return node.map((n) => inline(n, defs));
  if (!node || typeof node !== 'object') return node;
  const { $ref, $defs: _d, $schema: _s, ...rest } = node as JsonSchema;
  const base = typeof $ref === 'string' ? inline(defs[$ref.replace('#/$defs/', '')], defs) : {};
  return { ...base, ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, inline(v, defs)])) };
};

export const inputJsonSchema = (schema: ZodType): JsonSchema => {
  const raw = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return inline(raw, raw.$defs ?? {});
};

export const schemaOf = (route: RouteDecl, part: Part): ZodType | undefined => route[part] as ZodType | undefined;

/** Every (route, part) that has a schema. */
export const routeParts = () =>
  manifest.routes.flatMap((route) =>
    PARTS.flatMap((part) => (schemaOf(route, part) ? [{ route, part, schema: schemaOf(route, part)!, json: inputJsonSchema(schemaOf(route, part)!) }] : [])),
  );

export const variantsOf = (js: JsonSchema): JsonSchema[] => js.oneOf ?? js.anyOf ?? [js];

export const isDatePattern = (js: JsonSchema) => js.pattern === '^\\d{4}-\\d{2}-\\d{2}$';

/**
 * Instances of a schema (one per variant of its unions, lined up rather than multiplied) in
 * which every string that is not an enum or constant comes from `leaf`, with its path as
 * parseOrThrow names it.
 */
export const instances = (js: JsonSchema, leaf: (js: JsonSchema, path: string) => unknown, path: string): unknown[] => {
  if (js.oneOf || js.anyOf) return variantsOf(js).flatMap((v) => instances(v, leaf, path));
  if (js.const !== undefined) return [js.const];
  if (js.enum) return [js.enum[0]];
  switch (js.type) {
    case 'string':
      return [leaf(js, path)];
    case 'integer':
    case 'number':
      return [js.minimum ?? 1];
    case 'boolean':
      return [true];
    case 'array':
      return instances(js.items ?? {}, leaf, `${path}[0]`).map((v) => [v]);
    case 'object': {
      if (!js.properties && js.propertyNames?.enum) {
        const key = js.propertyNames.enum[0];
        return instances(js.additionalProperties ?? {}, leaf, `${path}.${key}`).map((v) => ({ [key]: v }));
      }
      const props = Object.entries(js.properties ?? {}).map(([k, p]) => [k, instances(p as JsonSchema, leaf, `${path}.${k}`)] as const);
      const n = Math.max(1, ...props.map(([, vs]) => vs.length));
      return Array.from({ length: n }, (_, i) => Object.fromEntries(props.map(([k, vs]) => [k, vs[Math.min(i, vs.length - 1)]])));
    }
    default:
      return [null];
  }
};
