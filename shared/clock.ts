/**
 * One clock for the whole system. In AWS it is the system clock; the embedded host installs a
 * clock it can move (`npm run clock -- +30d`) so people and tests can watch deadlines fire.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

let current: Clock = systemClock;

export const clock = (): Clock => current;
export const setClock = (c: Clock): void => {
  current = c;
};
export const nowIso = (): string => current.now().toISOString();
