/**
 * Free text of every input (organization and person names, reasons, opinions, display names,
 * posts, notes, document numbers, file names): one helper, so every field refuses the same
 * characters with the same rule ids. What is refused cannot be typed by a clerk but can be
 * pasted or sent, and corrupts what is shown, printed on notices or exported:
 * - control characters, C0 (NUL, tab and line breaks included), DEL and C1 (`controlCharacter`);
 *   a paragraph of prose (an opinion, a reason, a note: `multiline`) may hold line breaks and tabs;
 * - bidirectional embeddings, overrides, isolates and marks, which reorder how a name or a
 *   document number reads (`bidiControl`);
 * - lone surrogates, which are not text at all and cannot be stored as UTF-8 (`loneSurrogate`);
 * - in a text that is required, nothing visible: only spaces, zero-width or other invisible
 *   characters (`blank`).
 * Chinese in every plane (extension B such as 𠀀 included), the middle dot and emoji are text.
 */

import { msg } from './messages.ts';
import * as z from './zod.ts';

export const TEXT_RULES = ['controlCharacter', 'bidiControl', 'loneSurrogate'] as const;
export type TextRule = (typeof TEXT_RULES)[number];

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this rule's whole job.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
/** The same, less tab, line feed and carriage return. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above.
const CONTROL_IN_PROSE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
/** Nothing a reader can see: separators, white space and format characters (zero-width space, BOM…). */
const INVISIBLE_ONLY = /^[\p{Z}\p{Cf}\s]*$/u;

/** The rules `s` breaks, for checks outside a schema (an imported sheet's cells). */
export const textRulesBroken = (s: string): TextRule[] => [
  ...(CONTROL.test(s) ? (['controlCharacter'] as const) : []),
  ...(BIDI.test(s) ? (['bidiControl'] as const) : []),
  ...(s.isWellFormed() ? [] : (['loneSurrogate'] as const)),
];

/**
 * A free-text string: checked as sent (before trimming, so a trailing line break is refused
 * too), then trimmed, then held to `min` and `max` characters and any `more` checks. The
 * issue's `params.rule` is the rule id parseOrThrow reports.
 */
export const text = (opts: { min?: number; max?: number; multiline?: boolean } = {}, ...more: z.core.$ZodCheck<string>[]) => {
  const control = opts.multiline ? CONTROL_IN_PROSE : CONTROL;
  return z.string().check(
    z.refine((v) => !control.test(v), { message: msg('controlCharacter'), params: { rule: 'controlCharacter' } }),
    z.refine((v) => !BIDI.test(v), { message: msg('bidiControl'), params: { rule: 'bidiControl' } }),
    z.refine((v) => v.isWellFormed(), { message: msg('loneSurrogate'), params: { rule: 'loneSurrogate' } }),
    z.trim(),
    ...(opts.min !== undefined ? [z.minLength(opts.min)] : []),
    // A required text of zero-width spaces passes the length check but says nothing.
    ...(opts.min ? [z.refine((v) => v === '' || !INVISIBLE_ONLY.test(String(v)), { message: msg('blank'), params: { rule: 'blank' } })] : []),
    ...(opts.max !== undefined ? [z.maxLength(opts.max)] : []),
    ...more,
  );
};
