/** Every error code the code can throw is in the one list the API reference is made from. */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/error-codes.ts';
import { manifest } from '../../shared/manifest.ts';

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });

/** Codes passed to `new ConflictError(…, '…', 'CODE')`; codes built from a template are internal and caught where thrown. */
const conflictCodes = (text: string): string[] =>
  [...text.matchAll(/new ConflictError\(((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\)/g)].flatMap((m) => {
    const last = /,\s*'([A-Z][A-Z_]+)'\s*,?\s*$/.exec(m[1]!);
    return last ? [last[1]!] : [];
  });

/** Thrown inside a workflow step, never in a reply: the step fails, retries and raises the alarm. */
const WORKFLOW_ONLY = new Set(['NOTICE_NUMBER']);

describe('error codes', () => {
  const thrown = new Set(
    ['functions', 'shared']
      .flatMap(sources)
      .flatMap((f) => conflictCodes(readFileSync(f, 'utf8')))
      .filter((c) => !WORKFLOW_ONLY.has(c)),
  );

  it('finds the conflicts the code throws (the scan works)', () => {
    for (const c of ['NO_VACANCY', 'DUPLICATE_PERSON', 'ALREADY_DECIDED', 'NO_POST_VACANCY', 'NOT_ON_ROLL']) expect(thrown, c).toContain(c);
  });

  it('lists every code the code throws, with its status', () => {
    for (const c of thrown) expect(Object.keys(ERROR_CODES), c).toContain(c);
  });

  it('lists nothing no route answers', () => {
    const used = new Set(manifest.routes.flatMap((r) => [...(r.errors ?? [])]));
    for (const c of ['MALFORMED_REQUEST', 'UNSUPPORTED_MEDIA_TYPE', 'UNAUTHORIZED', 'FORBIDDEN', 'VALIDATION_FAILED']) used.add(c as never);
    for (const c of Object.keys(ERROR_CODES)) expect(used, c).toContain(c);
  });
});
