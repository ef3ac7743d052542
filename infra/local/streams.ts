/**
 * The embedded host's stand-in for DynamoDB Streams event source mappings: it polls each
 * declared table's stream in DynamoDB Local, keeps only the records of items with the declared
 * sort key, and invokes the function with them in batches shaped as Lambda delivers them. A
 * batch is taken when the function returns; its partial batch response (batchItemFailures)
 * sends the poller back to the first failed record, and a thrown error to the batch's start,
 * on the next round, so no record is skipped. Its position per shard is kept in a file of the
 * host's data directory, so a restart carries on where it stopped.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { logger } from '../../shared/log.ts';
import type { StreamDecl } from '../../shared/manifest-types.ts';
import type { FunctionHost } from './functions.ts';

const POLL_MS = 200;
const TOPOLOGY_MS = 5_000;
/** Deliveries of a failing record before it is set aside (Lambda's mapping: retryAttempts 10, then the DLQ). */
const MAX_TRIES = 11;

interface Position {
  streamArn: string;
  /** Per shard: the last sequence number taken, and whether the shard is closed and read to its end. */
  shards: Record<string, { after?: string; done?: boolean }>;
}

export class LocalStreams {
  private readonly ddb: DynamoDBClient;
  private readonly streams: DynamoDBStreamsClient;
  private positions: Record<string, Position> = {};
  private timer?: NodeJS.Timeout;
  /** Kept while a shard is being read through in one round (a new one from the saved position each round). */
  private readonly iterators = new Map<string, string>();
  private readonly topologies = new Map<string, { streamArn: string; shards: Shard[]; at: number }>();
  /** The record a shard is stuck on, and how often it has failed. */
  private readonly failures = new Map<string, { seq: string; tries: number }>();
  private running?: Promise<number>;

  constructor(
    private readonly decls: StreamDecl[],
    private readonly functions: Pick<FunctionHost, 'invoke'>,
    endpoint: string,
    private readonly region: string,
    private readonly tableName: (id: string) => string,
    private readonly positionFile?: string,
  ) {
    const local = { endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    this.ddb = new DynamoDBClient(local);
    this.streams = new DynamoDBStreamsClient(local);
    if (positionFile && existsSync(positionFile)) {
      try {
        this.positions = JSON.parse(readFileSync(positionFile, 'utf8')) as Record<string, Position>;
      } catch {
        logger.error('stream positions unreadable: reading the streams from their oldest records', { positionFile });
      }
    }
  }

  start(): void {
    this.timer = setInterval(() => void this.poll(), POLL_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    this.ddb.destroy();
    this.streams.destroy();
  }

  /** One round over every stream, unless one is running (then that one): never two at once. */
  poll(): Promise<number> {
    const run =
      this.running ??
      this.round().finally(() => {
        this.running = undefined;
      });
    this.running = run;
    return run;
  }

  /** Rounds until a whole round delivers nothing: what the streams held is taken (tests wait on it). */
  async drain(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      await this.running;
      if (!(await this.poll())) return;
    }
  }

  /** Returns how many records were delivered. */
  private async round(): Promise<number> {
    let delivered = 0;
    for (const decl of this.decls) {
      try {
        delivered += await this.pollStream(decl);
      } catch (e) {
        logger.error('stream poll failed; it is tried again', { stream: decl.id, errorName: (e as Error).name, errorMessage: (e as Error).message });
      }
    }
    return delivered;
  }

  /** Written whole or not at all: a crash mid-write leaves the previous position. */
  private save(): void {
    if (!this.positionFile) return;
    writeFileSync(`${this.positionFile}.tmp`, JSON.stringify(this.positions));
    renameSync(`${this.positionFile}.tmp`, this.positionFile);
  }

  /** The stream's ARN and shards, looked up again every few seconds (shards close and split rarely). */
  private async topology(decl: StreamDecl): Promise<{ streamArn: string; shards: Shard[] } | undefined> {
    const known = this.topologies.get(decl.id);
    if (known && Date.now() - known.at < TOPOLOGY_MS) return known;
    const table = (await this.ddb.send(new DescribeTableCommand({ TableName: this.tableName(decl.table) }))).Table;
    const streamArn = table?.LatestStreamArn;
    if (!streamArn) return undefined;
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const d = await this.streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }));
      shards.push(...(d.StreamDescription?.Shards ?? []));
      start = d.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    const t = { streamArn, shards, at: Date.now() };
    this.topologies.set(decl.id, t);
    return t;
  }

  private async pollStream(decl: StreamDecl): Promise<number> {
    const topology = await this.topology(decl);
    if (!topology) return 0;
    const { streamArn, shards } = topology;
    let pos = this.positions[decl.id];
    if (pos?.streamArn !== streamArn) {
      pos = { streamArn, shards: {} };
      this.positions[decl.id] = pos;
    }
    let delivered = 0;
    for (const shard of shards) {
      const id = shard.ShardId!;
      // A child shard waits until its parent (while the stream still lists it) is read to its end: order per item holds across a split.
      const parentListed = !!shard.ParentShardId && shards.some((s) => s.ShardId === shard.ParentShardId);
      if (parentListed && !pos.shards[shard.ParentShardId!]?.done) continue;
      const state = pos.shards[id] ?? {};
      pos.shards[id] = state;
      if (state.done) continue;
      delivered += await this.readShard(decl, streamArn, id, state);
    }
    return delivered;
  }

  private async iteratorFor(streamArn: string, shardId: string, state: { after?: string }): Promise<string | undefined> {
    const from = (type: 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON') =>
      this.streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ShardIteratorType: type,
          SequenceNumber: type === 'TRIM_HORIZON' ? undefined : state.after,
        }),
      );
    try {
      return (await from(state.after ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON')).ShardIterator;
    } catch (e) {
      // The position is older than what the stream keeps (24 h): carry on from the oldest record it has.
      if ((e as Error).name !== 'TrimmedDataAccessException') throw e;
      logger.error('stream position trimmed: records between were lost to this consumer; the nightly reconciliation covers them', {
        shardId,
        after: state.after,
      });
      return (await from('TRIM_HORIZON')).ShardIterator;
    }
  }

  private async readShard(decl: StreamDecl, streamArn: string, shardId: string, state: { after?: string; done?: boolean }): Promise<number> {
    const key = `${decl.id}/${shardId}`;
    let iterator = this.iterators.get(key) ?? (await this.iteratorFor(streamArn, shardId, state));
    let delivered = 0;
    while (iterator) {
      let out: GetRecordsCommandOutput;
      try {
        out = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      } catch (e) {
        if ((e as Error).name !== 'ExpiredIteratorException') throw e;
        this.iterators.delete(key);
        iterator = await this.iteratorFor(streamArn, shardId, state);
        continue;
      }
      const records = out.Records ?? [];
      if (!records.length) {
        // At the end of an open shard: DynamoDB Local's iterator from here does not see later
        // records (AWS's would), so the next round starts a new one from the saved position.
        if (out.NextShardIterator) this.iterators.delete(key);
        else {
          this.iterators.delete(key);
          state.done = true;
          this.save();
        }
        return delivered;
      }
      for (let i = 0; i < records.length; i += decl.batchSize ?? 100) {
        const batch = records.slice(i, i + (decl.batchSize ?? 100));
        let taken = await this.deliver(decl, streamArn, batch);
        if (taken < batch.length) {
          const failedSeq = batch[taken]!.dynamodb!.SequenceNumber!;
          const tries = (this.failures.get(key)?.seq === failedSeq ? this.failures.get(key)!.tries : 0) + 1;
          if (tries < MAX_TRIES) {
            this.failures.set(key, { seq: failedSeq, tries });
            // Back to the first record not taken, on the next round (a new iterator from the saved position).
            if (taken > 0) state.after = batch[taken - 1]!.dynamodb!.SequenceNumber;
            this.iterators.delete(key);
            this.save();
            return delivered + taken;
          }
          // As Lambda's mapping does after its retries: the record is set aside, the stream goes on.
          logger.error('stream record failed every try; skipped (the nightly reconciliation covers it)', { stream: decl.id, sequenceNumber: failedSeq, tries });
          this.failures.delete(key);
          taken += 1;
          delivered += taken;
          state.after = batch[taken - 1]!.dynamodb!.SequenceNumber;
          this.iterators.delete(key);
          this.save();
          return delivered;
        }
        this.failures.delete(key);
        delivered += taken;
        state.after = batch.at(-1)!.dynamodb!.SequenceNumber;
        this.save();
      }
      iterator = out.NextShardIterator;
      if (iterator) this.iterators.set(key, iterator);
      else {
        this.iterators.delete(key);
        state.done = true;
        this.save();
      }
    }
    return delivered;
  }

  /** Invokes the function with the records it filters for; returns how many of `batch` are taken, in order. */
  private async deliver(decl: StreamDecl, streamArn: string, batch: _Record[]): Promise<number> {
    const wanted = batch.filter((r) => r.dynamodb?.Keys?.sk?.S === decl.sortKey);
    if (!wanted.length) return batch.length;
    const event = {
      Records: wanted.map((r) => ({
        eventID: r.eventID,
        eventName: r.eventName,
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: this.region,
        eventSourceARN: streamArn,
        dynamodb: {
          ...r.dynamodb,
          ApproximateCreationDateTime: r.dynamodb?.ApproximateCreationDateTime
            ? Math.floor(r.dynamodb.ApproximateCreationDateTime.getTime() / 1000)
            : undefined,
        },
      })),
    };
    let failed: string[];
    try {
      const reply = (await this.functions.invoke(decl.function, event)) as { batchItemFailures?: { itemIdentifier: string }[] } | undefined;
      failed = (reply?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
    } catch (e) {
      logger.error('stream batch failed; it is delivered again', { stream: decl.id, errorName: (e as Error).name });
      return 0;
    }
    if (!failed.length) return batch.length;
    const first = batch.findIndex((r) => failed.includes(r.dynamodb?.SequenceNumber ?? ''));
    return Math.max(first, 0);
  }
}
