/**
 * The matter workflow's flow chart, from the definition file that deploys. The file is read at
 * run time rather than bundled (the manifest ships it beside the matters function's bundle in
 * AWS; here it is in the repository), which keeps that bundle within its size budget; the chart
 * is laid out on first use, so a definition the label table does not cover fails these two
 * routes only, never the function's others.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AslDefinition, type FlowChart, flowChartOf } from '../domain/flow-chart.ts';
import { MATTER_STATE_LABELS } from '../domain/matters/flow.ts';

export const MATTER_DEFINITION_FILE = 'statemachines/matter-approval.asl.json';

/** The file under the nearest folder above this module that has it: the repository here, the bundle's folder in Lambda. */
const locate = (file: string): string => {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, file))) return join(dir, file);
    if (dirname(dir) === dir) throw new Error(`${file} is neither beside the bundle nor in a folder above ${start}`);
  }
};

let chart: FlowChart | undefined;

export const matterChart = (): FlowChart =>
  (chart ??= flowChartOf(JSON.parse(readFileSync(locate(MATTER_DEFINITION_FILE), 'utf8')) as AslDefinition, MATTER_STATE_LABELS));
