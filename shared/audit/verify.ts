/**
 * Verifies every audit chain against its head and the latest checkpoint, and the checkpoints
 * against each other. Used by `npm run audit:verify`.
 */
import { type ChainProblem, GENESIS_HASH, verifyChain } from '../domain/audit-chain.ts';
import { checkpointHash } from './checkpoint.ts';
import { listChainHeads, listCheckpoints, readChainEntries } from './heads.ts';
import { chainOwners } from './owners.ts';

export interface VerifyReport {
  chains: number;
  entries: number;
  checkpoints: number;
  problems: ({ chain: string } & ChainProblem)[];
}

export const verifyAudit = async (): Promise<VerifyReport> => {
  const problems: VerifyReport['problems'] = [];
  const checkpoints = (await listCheckpoints()).sort((a, b) => a.day.localeCompare(b.day));
  let prev = GENESIS_HASH;
  for (const c of checkpoints) {
    if (c.prevHash !== prev || checkpointHash(c) !== c.hash) {
      problems.push({ chain: `checkpoint#${c.day}`, kind: 'altered', seq: 0, detail: 'the checkpoint does not match its text or the one before it' });
    }
    prev = c.hash;
  }
  const latest = checkpoints.at(-1);
  const heads = await listChainHeads();
  const owners = await chainOwners();
  const chains = new Set([...heads.keys(), ...Object.keys(latest?.heads ?? {}), ...owners.keys()]);
  let entries = 0;
  for (const chain of [...chains].sort()) {
    const items = (await readChainEntries(chain)) as any[];
    entries += items.length;
    // A record that owns a chain has at least the entry that made it: a whole chain deleted
    // since the last checkpoint (entries and head together) is found by its owner.
    if (owners.has(chain) && !heads.has(chain)) {
      problems.push(
        items.length === 0
          ? { chain, kind: 'missing', seq: 1, detail: `${owners.get(chain)} has no audit chain: it was deleted` }
          : { chain, kind: 'truncated', seq: items.length, detail: `the head of ${owners.get(chain)}'s chain was deleted` },
      );
      continue;
    }
    const problem = verifyChain(chain, items, heads.get(chain), latest?.heads[chain]);
    if (problem) problems.push({ chain, ...problem });
  }
  return { chains: chains.size, entries, checkpoints: checkpoints.length, problems };
};
