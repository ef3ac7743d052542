/**
 * Health probes. The function checks what it depends on; a host may add probes for the
 * stand-ins it runs (the embedded host adds Step Functions and the scheduler).
 *
 * An advisory probe names something an operator should do while the API serves on (a year
 * missing from the holiday calendar): it is reported, marked `advisory`, and never makes the
 * status `degraded`, so a load balancer or a start-up wait keeps seeing 200.
 */
export type Probe = () => Promise<{ ok: boolean; detail?: string }>;

const probes = new Map<string, Probe>();

export const registerHealthProbe = (name: string, probe: Probe): void => {
  probes.set(name, probe);
};

const settle = async (p: Probe) => {
  try {
    return await p();
  } catch (e) {
    return { ok: false, detail: (e as Error).name };
  }
};

export const runProbes = async (base: Record<string, Probe>, advisory: Record<string, Probe> = {}) => {
  const all = { ...base, ...Object.fromEntries(probes) };
  const [required, advice] = await Promise.all([
    Promise.all(Object.entries(all).map(async ([name, p]) => [name, await settle(p)] as const)),
    Promise.all(Object.entries(advisory).map(async ([name, p]) => [name, { ...(await settle(p)), advisory: true }] as const)),
  ]);
  return {
    status: required.every(([, c]) => c.ok) ? ('ok' as const) : ('degraded' as const),
    checks: Object.fromEntries([...required, ...advice]),
  };
};
