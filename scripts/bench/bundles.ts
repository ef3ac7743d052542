/**
 * Bundles every manifest function with esbuild exactly as the stack does (infra/bundling.ts),
 * without a source map so the size is the code's, plus two bundles holding only the DynamoDB
 * client and document client: the `baseline`, the SDK as shipped (what issue 9's target is a
 * ratio to: the floor any function using the client pays), and the `floor`, built with the
 * functions' own options, credentials alias included: what is left of the SDK once we trim it,
 * so its ratio shows our own code's cost alone.
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
export const FLOOR_ID = 'floor';

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
  aliases = true,
): Promise<Bundle> => {
  const dir = join(outDir, id);
  const file = join(dir, BUNDLE_FILE);
  await build(esbuildOptions(input, { outfile: file, sourcemap: false, absWorkingDir: repoRoot, aliases }));
  let filesBytes = 0;
  // Beside the bundle, as the stack's afterBundling hook copies them, so an import that reads them finds them.
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(repoRoot, f), join(dir, f));
    filesBytes += statSync(join(dir, f)).size;
  }
  return {
    id,
    entry: 'entry' in input ? input.entry : `DynamoDB client + document client${aliases ? ', credentials alias' : ', as shipped'}`,
    file,
    bytes: statSync(file).size,
    filesBytes,
  };
};

export const buildBundles = async (
  functions: readonly FunctionDecl[],
  repoRoot: string,
  outDir: string,
): Promise<{ baseline: Bundle; floor: Bundle; functions: Bundle[] }> => {
  for (const id of [BASELINE_ID, FLOOR_ID]) if (functions.some((f) => f.id === id)) throw new Error(`A function is named ${id}: rename the bench's ${id}`);
  const source = { contents: BASELINE_SOURCE, resolveDir: repoRoot };
  const baseline = await bundleOne(BASELINE_ID, source, [], repoRoot, outDir, false);
  const floor = await bundleOne(FLOOR_ID, source, [], repoRoot, outDir, true);
  // One at a time: esbuild already uses both cores for one bundle.
  const out: Bundle[] = [];
  for (const f of functions) out.push(await bundleOne(f.id, { entry: f.entry }, f.files ?? [], repoRoot, outDir));
  return { baseline, floor, functions: out };
};
