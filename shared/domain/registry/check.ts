import { type FieldIssue, fieldIssue } from '../../errors.ts';

/** The result of a pure check: the normalized value, or the issue naming field and rule. */
export type Checked<T> = { ok: true; value: T } | { ok: false; issue: FieldIssue };

export const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
export const bad = (path: string, rule: string, en: string, zh: string): Checked<never> => ({ ok: false, issue: fieldIssue(path, rule, en, zh) });
