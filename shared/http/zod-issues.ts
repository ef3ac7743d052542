import { type FieldIssue, fieldIssue, ValidationError } from '../errors.ts';
import { translate } from '../schemas/messages.ts';
import type { Schema } from '../schemas/zod.ts';
import * as z from '../schemas/zod.ts';
import { issueZh } from './issue-zh.ts';

/** Our own checks name their rule in the issue's params (shared/schemas/text.ts); zod's own, by code. */
const ruleOf = (iss: z.core.$ZodIssue): string => {
  const rule = iss.code === 'custom' ? (iss.params as { rule?: unknown } | undefined)?.rule : undefined;
  return typeof rule === 'string' ? rule : iss.code;
};

const pathOf = (prefix: string, path: PropertyKey[]): string =>
  path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : `${acc}.${String(seg)}`), prefix);

/**
 * Parses with a zod schema; a failure becomes a ValidationError naming every field path and
 * rule, in English and Chinese. Never throws anything else.
 */
export const parseOrThrow = <S extends Schema>(schema: S, value: unknown, prefix: string): z.output<S> => {
  const en = z.safeParse(schema, value);
  if (en.success) return en.data;
  const cn = z.safeParse(schema, value, { error: (iss) => issueZh(iss) });
  const zhIssues = cn.success ? [] : cn.error.issues;
  const issues: FieldIssue[] = en.error.issues.map((iss, i) => {
    const own = translate(iss.message);
    return fieldIssue(pathOf(prefix, iss.path), ruleOf(iss), own?.en ?? iss.message, own?.zh ?? zhIssues[i]?.message ?? '不符合要求');
  });
  throw new ValidationError(issues, 422);
};
