/** Reading chain heads and checkpoints (jobs and the verifier; never a request path). */
import { config } from '../config.ts';
import { keys } from '../data/keys.ts';
import { queryAll } from '../data/query-all.ts';
import type { ChainHead } from '../domain/audit-chain.ts';

/** Every chain head: organization chains on the registry's counter items, the rest in the audit table. */
export const listChainHeads = async (): Promise<Map<string, ChainHead>> => {
  const heads = new Map<string, ChainHead>();
  for (const table of [config.tableName('registry'), config.tableName('audit')]) {
    const items = await queryAll({
      TableName: table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': keys.chainHeadsIndexPk },
    });
    for (const i of items) if (i.auditHead) heads.set(i.gsi1sk, i.auditHead);
  }
  return heads;
};

/** A chain's head read straight from its item (the index may lag a moment behind). */
export const readChainEntries = (chain: string) =>
  queryAll({
    TableName: config.tableName('audit'),
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': keys.auditChainPk(chain) },
    ConsistentRead: true,
  });

export interface Checkpoint {
  day: string;
  prevHash: string;
  hash: string;
  heads: Record<string, ChainHead>;
}

const PART_SIZE = 1500;

export const checkpointParts = (heads: Record<string, ChainHead>): Record<string, ChainHead>[] => {
  const names = Object.keys(heads).sort();
  const parts: Record<string, ChainHead>[] = [];
  for (let i = 0; i < names.length; i += PART_SIZE) parts.push(Object.fromEntries(names.slice(i, i + PART_SIZE).map((n) => [n, heads[n]!])));
  return parts.length ? parts : [{}];
};

export const listCheckpoints = async (): Promise<Checkpoint[]> => {
  const summaries = await queryAll({
    TableName: config.tableName('audit'),
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': keys.checkpointsPk },
    ConsistentRead: true,
  });
  const out: Checkpoint[] = [];
  for (const s of summaries) {
    // Only the parts of the run the summary names (another delivery's parts may lie beside them).
    const parts = await queryAll({
      TableName: config.tableName('audit'),
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :run)',
      ExpressionAttributeValues: { ':p': keys.checkpointPartsPk(s.sk), ':run': keys.checkpointPartsPrefix(s.runId) },
      ConsistentRead: true,
    });
    out.push({ day: s.sk, prevHash: s.prevHash, hash: s.hash, heads: Object.assign({}, ...parts.map((p) => p.heads)) });
  }
  return out;
};
