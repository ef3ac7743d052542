/**
 * zod's small build (`zod/mini`) for every schema: the full build is 440 KB of every bundle that
 * parses a request, the small one a few dozen. Its schemas take checks (`.check(...)`) instead of
 * chained methods; the helpers here keep the schema files as short as they were.
 *
 * Import it as a namespace (`import * as z from './zod.ts'`): a bundler then keeps only the
 * parts of zod a function uses. Re-exported as one object (`export { z }`), it would keep all
 * of zod, its messages in forty languages included.
 */
import * as zod from 'zod/mini';
import en from 'zod/v4/locales/en.js';

export * from 'zod/mini';

// The small build has no messages of its own: English for the `message` of every issue (the
// Chinese comes from shared/http/issue-zh.ts).
zod.config(en());

/** Any schema, of either build (what the manifest, the parser and the OpenAPI writer take). */
export type Schema = zod.core.$ZodType;

/** A schema with a name of its own in the API reference (a component, referenced where used). */
export const named = <T extends zod.ZodMiniType>(id: string, schema: T): T => {
  zod.globalRegistry.add(schema, { id });
  return schema;
};

/** A whole number between `min` and `max`. */
export const wholeNumber = (min?: number, max?: number) => {
  const checks = [...(min !== undefined ? [zod.gte(min)] : []), ...(max !== undefined ? [zod.lte(max)] : [])];
  return checks.length ? zod.int().check(...checks) : zod.int();
};

/** A whole number given as text (a query string), between `min` and `max`. */
export const wholeNumberFromText = (min: number, max: number) => zod.pipe(zod.coerce.number(), wholeNumber(min, max));

/** A string matching `re`, with a message of ours (shared/schemas/messages.ts) or zod's own. */
export const matching = (re: RegExp, message?: string) => zod.string().check(zod.regex(re, message));
