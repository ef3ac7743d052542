/** What routes read with the caller's user record (RouteDecl.prefetch), named as the handlers find them. */
import { chainName, chainOfSubject, keys, subjectOfTask } from '../data/keys.ts';
import type { PrefetchKey } from '../manifest-types.ts';

export const orgAndCounter = (p: { orgId: string }): Record<string, PrefetchKey> => ({
  org: { table: 'registry', key: keys.org(p.orgId) },
  counter: { table: 'registry', key: keys.orgCounter(p.orgId) },
});

export const person = (p: { personId: string }): Record<string, PrefetchKey> => ({ person: { table: 'registry', key: keys.person(p.personId) } });

export const transfer = (p: { transferId: string }): Record<string, PrefetchKey> => ({ transfer: { table: 'matters', key: keys.transfer(p.transferId) } });

export const matter = (p: { matterId: string }): Record<string, PrefetchKey> => ({ matter: { table: 'matters', key: keys.matter(p.matterId) } });

export const letter = (p: { letterId: string }): Record<string, PrefetchKey> => ({ letter: { table: 'matters', key: keys.letter(p.letterId) } });

export const plan = (p: { planId: string }): Record<string, PrefetchKey> => ({ plan: { table: 'matters', key: keys.plan(p.planId) } });

/** A task, and the head of its plan's or matter's audit chain (a decision moves it): their id is in the task's. */
export const taskAndChainHead = (p: { taskId: string }): Record<string, PrefetchKey> => {
  const subjectId = subjectOfTask(p.taskId);
  return {
    task: { table: 'matters', key: keys.task(p.taskId) },
    ...(subjectId ? { chainHead: { table: 'audit', key: keys.chainHead(chainName(chainOfSubject(subjectId))) } } : {}),
  };
};

/** A year's stored holiday calendar, if an office admin stored one. */
export const holidayCalendar = (p: { year: number }): Record<string, PrefetchKey> => ({
  calendar: { table: 'config', key: keys.holidayCalendar(p.year) },
});
