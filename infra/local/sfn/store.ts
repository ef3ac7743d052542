/**
 * Durable state of the embedded Step Functions endpoint, in DynamoDB Local (a table of the host
 * itself, not of the application): executions, their history, every step's record (pending
 * token and deadline, or result), and each state machine definition an execution started with. Writes for one execution are applied in order; callers await
 * the writes that must be durable before they act (a token before it is handed out, a result
 * before the engine sees it), so a SIGKILL at any moment leaves a state the next start resumes.
 */
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { logger } from '../../../shared/log.ts';

export interface StepRecord {
  kind: 'callback' | 'lambda' | 'wait';
  /** The Task state and its Resource, so its events can be written after a restart (absent on older records). */
  stateName?: string;
  resource?: string;
  status: 'started' | 'pending' | 'succeeded' | 'failed' | 'discarded' | 'aborted';
  token?: string;
  delivered?: boolean;
  deadlineAt?: number;
  heartbeatMs?: number;
  heartbeatAt?: number;
  result?: unknown;
  error?: string;
  cause?: string;
}

export interface StoredExecution {
  meta: Record<string, any>;
  events: Record<string, any>[];
  steps: Map<string, StepRecord>;
}

/** A transaction holds at most 100 writes and 4 MB; a group stays well inside both. */
const MAX_GROUP_ITEMS = 50;
const MAX_GROUP_BYTES = 2 * 1024 * 1024;

interface WriteQueue {
  items: { item: Record<string, unknown>; bytes: number; done: () => void }[];
  /** The drain under way: what flush waits for. */
  running: Promise<void>;
}

/** Definitions are kept apart from executions, once per hash (an item of its own, not in any execution's). */
const DEFINITION_PK = 'DEFINITION#';

export class SfnStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly queues = new Map<string, WriteQueue>();

  constructor(
    endpoint: string,
    private readonly table: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint }), {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
    });
  }

  async ensureTable(): Promise<void> {
    const tables = await this.doc.send(new ListTablesCommand({}));
    if (tables.TableNames?.includes(this.table)) return;
    try {
      await this.doc.send(
        new CreateTableCommand({
          TableName: this.table,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
        }),
      );
    } catch (e) {
      if (!(e instanceof ResourceInUseException)) throw e;
    }
  }

  /**
   * Queues a write after the execution's earlier writes; the promise settles when it is durable.
   * A write starts at once when none of its execution's is under way; the ones queued meanwhile
   * (a step's events come several at a time) go together in one transaction, in order, as the
   * next write. So each execution's stored history is always a prefix of what was recorded, as
   * with one Put after another, but a step costs one or two round trips instead of one per event.
   */
  private enqueue(arn: string, item: Record<string, unknown>): Promise<void> {
    // Measured before the promise, so an item that cannot be written fails its caller at once, as a Put would.
    const full = { pk: arn, ...item };
    const bytes = Buffer.byteLength(JSON.stringify(full));
    return new Promise((resolve) => {
      const entry = { item: full, bytes, done: resolve };
      // A queue lives only while it drains: a write queued meanwhile joins it, else a new one starts.
      const q = this.queues.get(arn);
      if (q) q.items.push(entry);
      else {
        const fresh: WriteQueue = { items: [entry], running: Promise.resolve() };
        this.queues.set(arn, fresh);
        fresh.running = this.drain(arn, fresh);
      }
    });
  }

  /** Writes what is queued for one execution, a group at a time, until nothing is. */
  private async drain(arn: string, q: WriteQueue): Promise<void> {
    while (q.items.length) {
      let n = 0;
      let bytes = 0;
      while (n < q.items.length && n < MAX_GROUP_ITEMS && (n === 0 || bytes + q.items[n]!.bytes <= MAX_GROUP_BYTES)) bytes += q.items[n++]!.bytes;
      const group = q.items.slice(0, n);
      try {
        // A step saved twice in one group (started, then succeeded) is one write of the later record, as Put after Put would leave it.
        const items = [...new Map(group.map((g) => [g.item.sk as string, g.item])).values()];
        if (items.length === 1) await this.doc.send(new PutCommand({ TableName: this.table, Item: items[0]! }));
        else await this.doc.send(new TransactWriteCommand({ TransactItems: items.map((Item) => ({ Put: { TableName: this.table, Item } })) }));
      } catch (e) {
        const err = e as Error;
        logger.error('step functions state not saved', {
          executionArn: arn,
          items: group.length,
          errorName: err.name,
          errorMessage: err.message?.slice(0, 300),
        });
      }
      // Taken off only once written: an enqueue meanwhile sees a non-empty queue and leaves the draining to this loop.
      q.items.splice(0, n);
      for (const g of group) g.done();
    }
    this.queues.delete(arn);
  }

  saveMeta(arn: string, meta: Record<string, unknown>): Promise<void> {
    return this.enqueue(arn, { sk: 'META', ...meta });
  }

  saveEvent(arn: string, event: Record<string, unknown>): Promise<void> {
    return this.enqueue(arn, { sk: `EV#${String(event.id).padStart(8, '0')}`, event: JSON.stringify(event) });
  }

  saveStep(arn: string, key: string, step: StepRecord): Promise<void> {
    return this.enqueue(arn, { sk: `STEP#${key}`, step: JSON.stringify(step) });
  }

  saveDefinition(hash: string, definition: string): Promise<void> {
    return this.enqueue(`${DEFINITION_PK}${hash}`, { sk: 'DEFINITION', definition });
  }

  /** Everything, at start-up (the host's own table; never on a request path). */
  async loadAll(): Promise<{ executions: StoredExecution[]; definitions: Map<string, string> }> {
    const byArn = new Map<string, StoredExecution>();
    const definitions = new Map<string, string>();
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(new ScanCommand({ TableName: this.table, ExclusiveStartKey: start, ConsistentRead: true }));
      for (const item of out.Items ?? []) {
        const arn = item.pk as string;
        if (arn.startsWith(DEFINITION_PK)) {
          definitions.set(arn.slice(DEFINITION_PK.length), item.definition as string);
          continue;
        }
        let e = byArn.get(arn);
        if (!e) {
          e = { meta: {}, events: [], steps: new Map() };
          byArn.set(arn, e);
        }
        const sk = item.sk as string;
        if (sk === 'META') e.meta = item;
        else if (sk.startsWith('EV#')) e.events.push(JSON.parse(item.event as string));
        else if (sk.startsWith('STEP#')) e.steps.set(sk.slice(5), JSON.parse(item.step as string));
      }
      start = out.LastEvaluatedKey;
    } while (start);
    for (const e of byArn.values()) e.events.sort((a, b) => a.id - b.id);
    return { executions: [...byArn.values()].filter((e) => e.meta.executionArn), definitions };
  }

  async flush(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.running));
  }

  destroy(): void {
    this.doc.destroy();
  }
}
