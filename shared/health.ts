/**
 * Health probes. The function checks what it depends on; a host may add probes for the
 * stand-ins it runs (the embedded host adds Step Functions and the scheduler).
 */
export type Probe = () => Promise<{ ok: boolean; detail?: string }>;

const probes = new Map<string, Probe>();

export const registerHealthProbe = (name: string, probe: Probe): void => {
  probes.set(name, probe);
};

export const runProbes = async (base: Record<string, Probe>) => {
  const all = { ...base, ...Object.fromEntries(probes) };
  const entries = await Promise.all(
    Object.entries(all).map(async ([name, p]) => {
      try {
        return [name, await p()] as const;
      } catch (e) {
        return [name, { ok: false, detail: (e as Error).name }] as const;
      }
    }),
  );
  const checks = Object.fromEntries(entries);
  return { status: Object.values(checks).every((c) => c.ok) ? ('ok' as const) : ('degraded' as const), checks };
};
