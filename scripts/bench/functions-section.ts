/**
 * Per function: the size of its bundle and its cold import as a ratio to the baseline's, built
 * and timed in the same run so the ratio holds however busy the machine is.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../../shared/manifest-types.ts';
import { type Bundle, buildBundles } from './bundles.ts';
import { onInterrupt } from './cleanup.ts';
import { importEnv, timeColdImports } from './cold-import.ts';
import { type Load, underLoad } from './stats.ts';
import { MAX_BUNDLE_BYTES, MAX_IMPORT_RATIO } from './targets.ts';

export interface FunctionFigures {
  id: string;
  entry: string;
  bytes: number;
  filesBytes: number;
  /** Median of the timed imports, ms. */
  importMs: number;
  importRunsMs: number[];
  /** Median spawn-to-exit of the same runs (Node's start included), ms. */
  wallMs: number;
  /** importMs over the baseline's (the SDK as shipped): the target. */
  ratio: number;
  /** importMs over the floor's (the SDK trimmed as the functions are): our own code's share. */
  floorRatio: number;
  /** What misses a target: `size`, `import`, or why it could not be measured. */
  flags: string[];
  error?: string;
}

export interface FunctionsSection {
  runs: number;
  node: string;
  buildLoad: Load;
  importLoad: Load;
  baseline: FunctionFigures;
  floor: FunctionFigures;
  functions: FunctionFigures[];
}

export const measureFunctions = async (manifest: Manifest, repoRoot: string, runs: number): Promise<FunctionsSection> => {
  const dir = mkdtempSync(join(tmpdir(), 'bianzhi-bench-bundles-'));
  const forget = onInterrupt(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const built = await underLoad(() => buildBundles(manifest.functions, repoRoot, dir));
    const all: Bundle[] = [built.value.baseline, built.value.floor, ...built.value.functions];
    const timed = await underLoad(() => timeColdImports(all, runs, (id) => importEnv(manifest, id)));
    const base = timed.value.get(built.value.baseline.id)!;
    const floor = timed.value.get(built.value.floor.id)!;
    const figures = (b: Bundle): FunctionFigures => {
      const t = timed.value.get(b.id)!;
      const ratio = t.medianImportMs / base.medianImportMs;
      const flags = [...(b.bytes > MAX_BUNDLE_BYTES ? ['size'] : []), ...(ratio > MAX_IMPORT_RATIO ? ['import'] : []), ...(t.error ? ['import failed'] : [])];
      return {
        id: b.id,
        entry: b.entry,
        bytes: b.bytes,
        filesBytes: b.filesBytes,
        importMs: t.medianImportMs,
        importRunsMs: t.runs.map((r) => Math.round(r.importMs * 10) / 10),
        wallMs: t.medianWallMs,
        ratio,
        floorRatio: t.medianImportMs / floor.medianImportMs,
        flags,
        ...(t.error ? { error: t.error } : {}),
      };
    };
    return {
      runs,
      node: process.version,
      buildLoad: built.load,
      importLoad: timed.load,
      baseline: figures(built.value.baseline),
      floor: figures(built.value.floor),
      functions: built.value.functions.map(figures),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    forget();
  }
};
