/**
 * Bundles every manifest function with esbuild exactly as the stack does (infra/bundling.ts),
 * without a source map so the size is the code's, plus a baseline bundle holding only the
 * DynamoDB client and document client, built with the same options (the credentials alias too):
 * the floor every function that touches a table pays.
 */
import { cpSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_FILE, esbuildOptions } from '../../infra/bundling.ts';
import type { FunctionDecl } from '../../shared/manifest-types.ts';

export interface Bundle {
  /** A function id, or `baseline`. */
  id: string;
  entry: string;
  /** The bundle file, as it would be deployed. */
  file: string;
  bytes: number;
  /** Files the function reads at run time, deployed beside the bundle (f.files). */
  filesBytes: number;
}

export const BASELINE_ID = 'baseline';

/** What a function needs before it does anything of its own: the one document client (shared/data/ddb.ts). */
const BASELINE_SOURCE = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
export const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
`;

const bundleOne = async (
  id: string,
  input: { entry: string } | { contents: string; resolveDir: string },
  files: readonly string[],
  repoRoot: string,
  outDir: string,
): Promise<Bundle> => {
  const dir = join(outDir, id);
  const file = join(dir, BUNDLE_FILE);
  await build(esbuildOptions(input, { outfile: file, sourcemap: false, absWorkingDir: repoRoot }));
  let filesBytes = 0;
  // Beside the bundle, as the stack's afterBundling hook copies them, so an import that reads them finds them.
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(repoRoot, f), join(dir, f));
    filesBytes += statSync(join(dir, f)).size;
  }
  return { id, entry: 'entry' in input ? input.entry : 'DynamoDB client + document client', file, bytes: statSync(file).size, filesBytes };
};

export const buildBundles = async (functions: readonly FunctionDecl[], repoRoot: string, outDir: string): Promise<{ baseline: Bundle; functions: Bundle[] }> => {
  if (functions.some((f) => f.id === BASELINE_ID)) throw new Error(`A function is named ${BASELINE_ID}: rename the bench's baseline`);
  const baseline = await bundleOne(BASELINE_ID, { contents: BASELINE_SOURCE, resolveDir: repoRoot }, [], repoRoot, outDir);
  // One at a time: esbuild already uses both cores for one bundle.
  const out: Bundle[] = [];
  for (const f of functions) out.push(await bundleOne(f.id, { entry: f.entry }, f.files ?? [], repoRoot, outDir));
  return { baseline, functions: out };
};
