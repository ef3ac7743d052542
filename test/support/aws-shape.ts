/**
 * Checks a value against the Step Functions API model that ships in @aws-sdk/client-sfn (its
 * Smithy schemas), so a test can prove the embedded endpoint answers with AWS's own types and
 * members: an unknown event type or detail member, a missing required member, a wrong scalar.
 * Returns the problems found (empty when the value conforms).
 */
import { HistoryEventType } from '@aws-sdk/client-sfn';

/** A Smithy schema as the SDK ships it: a struct is `[3, namespace, name, traits, members, memberSchemas, requiredCount?]`. */
type Schema = unknown;

const resolve = (s: Schema): Schema => {
  if (typeof s === 'function') return resolve((s as () => Schema)());
  if (Array.isArray(s) && typeof s[0] === 'function') return resolve(s[0]);
  return s;
};

/** Scalar schema ids as the SDK's schemas use them: 0 string, 1 number, 2 boolean, 4 timestamp. */
const scalarOk = (id: number, v: unknown) => {
  if (id === 0) return typeof v === 'string';
  if (id === 1) return typeof v === 'number';
  if (id === 2) return typeof v === 'boolean';
  if (id === 4) return v instanceof Date || typeof v === 'number';
  return true;
};

const check = (schema: Schema, value: unknown, path: string, problems: string[]): void => {
  const s = resolve(schema);
  if (typeof s === 'number') {
    if (!scalarOk(s, value)) problems.push(`${path}: ${JSON.stringify(value)?.slice(0, 60)} is not of type ${s}`);
    return;
  }
  if (!Array.isArray(s)) return;
  if (s[0] === 0) {
    check(s[4], value, path, problems); // a named simple type (e.g. SensitiveData)
    return;
  }
  if (s[0] !== 3) return; // lists, maps, unions: not used by what these tests check
  const [, , name, , members, memberSchemas, required = 0] = s as [number, string, string, number, string[], Schema[], number?];
  if (typeof value !== 'object' || value === null) {
    problems.push(`${path}: not an object (${name})`);
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const i = members.indexOf(key);
    if (i < 0) problems.push(`${path}.${key}: not a member of ${name}`);
    else check(memberSchemas[i], v, `${path}.${key}`, problems);
  }
  for (const key of members.slice(0, required)) {
    if ((value as Record<string, unknown>)[key] === undefined) problems.push(`${path}.${key}: required by ${name}`);
  }
};

export const problemsAgainst = (schema: Schema, value: unknown, path = '$'): string[] => {
  const problems: string[] = [];
  check(schema, value, path, problems);
  return problems;
};

const EVENT_TYPES = new Set<string>(Object.values(HistoryEventType));

/** Problems of one history event: its type must be one AWS has, and its shape AWS's HistoryEvent. */
export const historyEventProblems = (schema: Schema, event: { id?: number; type?: string }): string[] => [
  ...(EVENT_TYPES.has(String(event.type)) ? [] : [`event ${event.id}: ${event.type} is not an AWS history event type`]),
  ...problemsAgainst(schema, event, `event ${event.id} (${event.type})`),
];
