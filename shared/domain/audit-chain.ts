/**
 * The tamper-evident audit chain, as pure functions: each entry names its chain, its sequence
 * number and the hash of the entry before it; its own hash is SHA-256 over its canonical JSON.
 * Changing, removing or reordering any entry breaks the links after it; a checkpoint that
 * records every chain head also catches a removed tail.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryBody {
  chain: string;
  seq: number;
  prevHash: string;
  at: string;
  actor: string;
  role: string;
  requestId: string;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
  reason?: string;
}

export interface SealedEntry extends AuditEntryBody {
  canonical: string;
  hash: string;
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const FIELDS: (keyof AuditEntryBody)[] = [
  'chain',
  'seq',
  'prevHash',
  'at',
  'actor',
  'role',
  'requestId',
  'entityType',
  'entityId',
  'action',
  'before',
  'after',
  'reason',
];
const bodyOf = (e: Partial<AuditEntryBody>): AuditEntryBody => Object.fromEntries(FIELDS.map((f) => [f, e[f]])) as unknown as AuditEntryBody;

export const sealEntry = (entry: AuditEntryBody): SealedEntry => {
  const body = bodyOf(entry);
  const canonical = canonicalJson(body);
  return { ...body, canonical, hash: sha256(canonical) };
};

/** Entries are stored under a sort key that is their zero-padded sequence number. */
export const entrySortKey = (seq: number): string => String(seq).padStart(12, '0');

export interface ChainHead {
  seq: number;
  hash: string;
}

export type ChainProblem =
  | { kind: 'altered'; seq: number; detail: string }
  | { kind: 'missing'; seq: number; detail: string }
  | { kind: 'reordered'; seq: number; detail: string }
  | { kind: 'truncated'; seq: number; detail: string };

/**
 * Checks one chain's entries in storage order against its head and the last checkpoint's view
 * of it. Returns the first problem found, or undefined if the chain is intact.
 */
export const verifyChain = (
  chain: string,
  entries: (Partial<SealedEntry> & { sk: string })[],
  head: ChainHead | undefined,
  checkpoint: ChainHead | undefined,
): ChainProblem | undefined => {
  const hashes = new Set(entries.map((e) => e.hash));
  let prevHash = GENESIS_HASH;
  let expected = 1;
  for (const e of entries) {
    const position = Number(e.sk);
    let canonical: string;
    try {
      canonical = canonicalJson(bodyOf(e));
    } catch {
      return { kind: 'altered', seq: position, detail: 'the entry cannot be read' };
    }
    if (typeof e.canonical !== 'string' || sha256(e.canonical) !== e.hash) {
      return { kind: 'altered', seq: position, detail: 'its hash does not match the text it covers' };
    }
    if (canonical !== e.canonical) return { kind: 'altered', seq: position, detail: 'a field differs from the text its hash covers' };
    if (e.chain !== chain) return { kind: 'altered', seq: position, detail: `it belongs to chain ${e.chain}` };
    if (position > expected) return { kind: 'missing', seq: expected, detail: `entries ${expected}–${position - 1} are missing` };
    if (Number(e.seq) !== position) return { kind: 'reordered', seq: position, detail: `entry ${e.seq} is stored in place of entry ${position}` };
    if (e.prevHash !== prevHash) {
      return hashes.has(e.prevHash)
        ? { kind: 'reordered', seq: position, detail: 'it follows another entry than the one stored before it' }
        : { kind: 'altered', seq: position - 1, detail: 'it was changed and re-hashed: the entry after it no longer links to it' };
    }
    prevHash = e.hash!;
    expected = position + 1;
  }
  const last = expected - 1;
  if (head && (head.seq !== last || head.hash !== prevHash)) {
    return head.seq > last
      ? { kind: 'truncated', seq: last + 1, detail: `the chain head records ${head.seq} entries, ${last} remain` }
      : { kind: 'altered', seq: head.seq, detail: 'the chain head does not match the last entry' };
  }
  if (checkpoint && checkpoint.seq > last) {
    return { kind: 'truncated', seq: last + 1, detail: `the last checkpoint sealed ${checkpoint.seq} entries, ${last} remain` };
  }
  if (checkpoint && checkpoint.seq > 0) {
    const sealed = entries.find((e) => Number(e.sk) === checkpoint.seq);
    if (!sealed || sealed.hash !== checkpoint.hash)
      return { kind: 'altered', seq: checkpoint.seq, detail: 'it differs from the entry the last checkpoint sealed' };
  }
  return undefined;
};
