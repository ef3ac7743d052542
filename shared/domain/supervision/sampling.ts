/**
 * The draw of the annual special inspection (年度专项检查, R-SUP-5): at least a fifth of the
 * municipal departments and at least a fifth of the affiliated institutions, each population
 * drawn on its own, reproducibly from a recorded seed, favouring units never or longest
 * uninspected and units with open problems.
 *
 * Method (recorded with every draw as SAMPLING_METHOD): weighted sampling without replacement
 * by Efraimidis and Spirakis. Each unit gets the key u^(1/w), where u in (0, 1) comes from
 * SHA-256 over the seed and the unit's id, and w is its weight; the units with the largest keys
 * are drawn. The key of a unit depends on the seed, its id and its weight only, so the same
 * seed over the same records gives the same sample whatever order the units were read in, and
 * anyone can check a draw from its seed.
 */
import { createHash } from 'node:crypto';

export const SAMPLING_METHOD =
  'Efraimidis–Spirakis weighted sampling without replacement: key = u^(1/w), u = (first 52 bits of SHA-256(seed + "\\n" + orgId) + 0.5) / 2^52; ' +
  'w = 1 + min(years since last inspection, 10) (never inspected: 11) + 3 × min(open problems, 5); the ceil(rate × size) largest keys of each population are drawn';

export const SAMPLE_POPULATIONS = ['department', 'institution'] as const;
export type SamplePopulation = (typeof SAMPLE_POPULATIONS)[number];

/** The least share of each population an annual inspection takes. */
export const MIN_SAMPLE_RATE = 0.2;

export interface SamplingUnit {
  orgId: string;
  population: SamplePopulation;
  /** The year of the unit's last special inspection; none if never inspected. */
  lastInspectedYear?: number;
  /** Problems in the problem ledger not yet rectified, open supervision letters included. */
  openProblems: number;
}

/** Which population a unit of the registry belongs to: top-level organs and mass bodies are departments; institutions at any level. */
export const populationOf = (org: { kind: string; parentId?: string; status?: string }): SamplePopulation | undefined => {
  if (org.status && org.status !== 'active') return undefined;
  if (org.kind === 'publicInstitution') return 'institution';
  return org.parentId ? undefined : 'department';
};

export const weightOf = (u: SamplingUnit, year: number): number => {
  const since = u.lastInspectedYear === undefined ? 11 : Math.min(Math.max(year - u.lastInspectedYear, 0), 10);
  return 1 + since + 3 * Math.min(u.openProblems, 5);
};

/** u in (0, 1), from the seed and the unit's id alone. */
const uniform = (seed: string, orgId: string): number => {
  const h = createHash('sha256').update(`${seed}\n${orgId}`).digest();
  // 52 bits: exact in a double.
  const bits = h.readUIntBE(0, 6) * 16 + (h[6]! >> 4);
  return (bits + 0.5) / 2 ** 52;
};

export interface DrawnUnit extends SamplingUnit {
  weight: number;
  key: number;
}

export interface Draw {
  seed: string;
  year: number;
  rate: number;
  method: string;
  populations: Record<SamplePopulation, { size: number; drawn: number }>;
  units: DrawnUnit[];
}

/** The draw: for each population, the ceil(rate × size) units with the largest keys, listed by population then key. */
export const drawSample = (units: SamplingUnit[], seed: string, year: number, rate = MIN_SAMPLE_RATE): Draw => {
  if (!(rate >= MIN_SAMPLE_RATE && rate <= 1)) throw new RangeError(`rate must be between ${MIN_SAMPLE_RATE} and 1`);
  const populations = {} as Draw['populations'];
  const drawn: DrawnUnit[] = [];
  for (const population of SAMPLE_POPULATIONS) {
    const members = units.filter((u) => u.population === population);
    // Rounded up, with a tolerance so 20% of 10 is 2, not 3 by a floating-point hair.
    const n = Math.min(members.length, Math.ceil(rate * members.length - 1e-9));
    const keyed = members
      .map((u) => {
        const weight = weightOf(u, year);
        return { ...u, weight, key: uniform(seed, u.orgId) ** (1 / weight) };
      })
      .sort((a, b) => b.key - a.key || a.orgId.localeCompare(b.orgId));
    drawn.push(...keyed.slice(0, n));
    populations[population] = { size: members.length, drawn: n };
  }
  return { seed, year, rate, method: SAMPLING_METHOD, populations, units: drawn };
};
