/**
 * How every function is bundled, in one place: the stack hands these options to NodejsFunction
 * (which runs esbuild with them, infra/stacks/stateless.ts) and `npm run bench` runs esbuild with
 * the same ones, so the size and cold import it reports are those of what deploys.
 */
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';

export const FUNCTION_BUNDLING = {
  format: 'esm',
  /** NodejsFunction always passes --platform=node; it is not an option there. */
  platform: 'node',
  target: 'node24',
  minify: true,
  /** Deployed with source maps (NODE_OPTIONS=--enable-source-maps); the bench measures without. */
  sourceMap: true,
  mainFields: ['module', 'main'],
  /** Everything bundled: the SDK in the runtime is whatever version AWS ships that week. */
  externalModules: [],
  // ESM bundles of CommonJS dependencies still call require().
  banner: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
  /**
   * Import paths swapped at bundle time, targets relative to the repository root. In Lambda the
   * role's credentials are in the environment: the rest of the SDK's default chain (SSO, INI
   * files, IMDS, process) is dead weight at every cold start (infra/lambda/credentials.ts).
   */
  alias: { '@aws-sdk/credential-provider-node': 'infra/lambda/credentials.ts' },
} as const;

/** The aliases with absolute targets, as esbuild wants them whatever its working directory. */
export const bundlingAliases = (repoRoot: string): Record<string, string> =>
  Object.fromEntries(Object.entries(FUNCTION_BUNDLING.alias).map(([from, to]) => [from, join(repoRoot, to)]));

/** The file NodejsFunction writes for an ESM bundle. */
export const BUNDLE_FILE = 'index.mjs';

/**
 * esbuild's options for one function, as NodejsFunction spells them on esbuild's command line
 * (`--bundle <entry> --target --platform --format --outfile --minify [--sourcemap] --external
 * --banner:js --main-fields --alias`, run from the project root). Either an entry file or source text
 * (resolved from `resolveDir`) for bundles that are no function, such as the bench's baseline.
 */
export const esbuildOptions = (
  input: { entry: string } | { contents: string; resolveDir: string },
  out: { outfile: string; sourcemap: boolean; absWorkingDir: string /** Off only for the bench's as-shipped SDK baseline. */; aliases?: boolean },
): BuildOptions => ({
  bundle: true,
  ...('entry' in input
    ? { entryPoints: [input.entry] }
    : { stdin: { contents: input.contents, resolveDir: input.resolveDir, loader: 'ts', sourcefile: 'stdin.ts' } }),
  absWorkingDir: out.absWorkingDir,
  outfile: out.outfile,
  platform: FUNCTION_BUNDLING.platform,
  format: FUNCTION_BUNDLING.format,
  target: FUNCTION_BUNDLING.target,
  minify: FUNCTION_BUNDLING.minify,
  sourcemap: out.sourcemap,
  external: [...FUNCTION_BUNDLING.externalModules],
  mainFields: [...FUNCTION_BUNDLING.mainFields],
  banner: { js: FUNCTION_BUNDLING.banner },
  alias: out.aliases === false ? {} : bundlingAliases(out.absWorkingDir),
  logLevel: 'silent',
});
