/**
 * The embedded host: every stand-in started from the manifest on one machine. `npm start` and
 * the integration and e2e tests all start the system through here.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { setClock } from '../../shared/clock.ts';
import { physicalStateMachineName, physicalTableName, stateMachineEnvName, tableEnvName } from '../../shared/config.ts';
import { usersRepo } from '../../shared/data/users.ts';
import { registerHealthProbe } from '../../shared/health.ts';
import type { ImportProgress } from '../../shared/import/progress.ts';
import { manifest as defaultManifest } from '../../shared/manifest.ts';
import type { Manifest, TableDecl } from '../../shared/manifest-types.ts';
import { ManualClock, parseDuration } from './clock.ts';
import { type CitySize, loadDemoCity } from './demo-city.ts';
import { DEMO_USERS } from './demo-users.ts';
import { ensureTables, startDynamoDbLocal } from './dynamodb-local.ts';
import { type ExtraFunction, FunctionHost, type LambdaHandler } from './functions.ts';
import { startGateway } from './gateway.ts';
import { type LocalIssuer, loadIssuer } from './issuer.ts';
import { createOnce, dataDir as defaultDataDir, repoRoot } from './paths.ts';
import { LocalScheduler } from './scheduler.ts';
import { startSfnServer } from './sfn/server.ts';
import { StepFunctionsService } from './sfn/service.ts';
import { SfnStore } from './sfn/store.ts';
import { LocalStreams } from './streams.ts';

export const LOCAL_STAGE = 'local';
export const LOCAL_REGION = 'cn-local-1';
export const LOCAL_ACCOUNT = '000000000000';
export const SFN_STATE_TABLE = 'bianzhi-local-stepfunctions-state';

export interface HostOptions {
  apiPort?: number;
  sfnPort?: number;
  ddbPort?: number;
  dataDir?: string;
  /** Throwaway run: DynamoDB Local in memory, clock not persisted. */
  inMemory?: boolean;
  manifest?: Manifest;
  /** Test fixtures: extra functions (a handler, or one with its own timeout) and state machines, never part of the manifest. */
  extraFunctions?: Record<string, LambdaHandler | ExtraFunction>;
  extraStateMachines?: { name: string; asl: string; functionSubstitutions: Record<string, string> }[];
  seedDemo?: boolean;
  /** Load the demo city into an empty registry on start (through the import path). */
  demoCity?: CitySize | false;
  log?: (line: string) => void;
  /** Progress of the demo city's import, which takes half a minute on the first start. */
  demoCityProgress?: (p: ImportProgress) => void;
}

export interface Host {
  apiUrl: string;
  sfnUrl: string;
  ddbEndpoint: string;
  dataDir: string;
  adminKey: string;
  clock: ManualClock;
  issuer: LocalIssuer;
  sfn: StepFunctionsService;
  scheduler: LocalScheduler;
  /** The tables' streams, delivered to their functions (drain() waits until they are taken). */
  streams: LocalStreams;
  functions: FunctionHost;
  stateMachineArn(id: string): string;
  /** Executions that were running when the host last stopped and carried on at this start. */
  resumedExecutions: number;
  stop(): Promise<void>;
}

/** The file where a running host tells `npm run clock/fire/token` where it is. */
export const hostInfoFile = (dir: string) => join(dir, 'host.json');

/**
 * The deployment's secret (shared/keyring.ts) for this data directory: made once, kept with the
 * data it keys (person ids are derived from it), readable by this user only.
 */
export const deploymentKeyOf = (dir: string): string => {
  const file = join(dir, 'deployment-key');
  if (!existsSync(file)) createOnce(file, randomBytes(32).toString('base64url'));
  return readFileSync(file, 'utf8').trim();
};

/**
 * What reading this data directory's tables takes, for the host's functions and for the commands
 * that work on the data directly (scripts/data-env.ts). Fixed local credentials keep the SDK from
 * searching the credential chain (which would reach for the network).
 */
export const setLocalDataEnv = (dir: string, tables: readonly TableDecl[]): void => {
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    BIANZHI_DEPLOYMENT_KEY: deploymentKeyOf(dir),
  });
  for (const t of tables) process.env[tableEnvName(t.id)] = physicalTableName(LOCAL_STAGE, t.id);
};

export const startHost = async (opts: HostOptions = {}): Promise<Host> => {
  const manifest = opts.manifest ?? defaultManifest;
  const dir = opts.dataDir ?? defaultDataDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const clock = new ManualClock(opts.inMemory ? undefined : join(dir, 'clock.json'));
  setClock(clock);

  // The functions use the ordinary AWS SDK: only the endpoints change.
  setLocalDataEnv(dir, manifest.tables);
  Object.assign(process.env, { AWS_EC2_METADATA_DISABLED: 'true', STAGE: LOCAL_STAGE, POWERTOOLS_SERVICE_NAME: 'bianzhi-local' });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;

  const ddbLocal = await startDynamoDbLocal({
    port: opts.ddbPort ?? 8000,
    dbPath: opts.inMemory ? undefined : mkdirp(join(dir, 'dynamodb')),
    pidFile: join(dir, 'dynamodb.pid'),
  });
  try {
    return await startOnDynamoDb(opts, manifest, dir, clock, ddbLocal);
  } catch (e) {
    // Never leave a Java child behind when start-up fails half-way.
    await ddbLocal.stop();
    throw e;
  }
};

const startOnDynamoDb = async (
  opts: HostOptions,
  manifest: Manifest,
  dir: string,
  clock: ManualClock,
  ddbLocal: Awaited<ReturnType<typeof startDynamoDbLocal>>,
): Promise<Host> => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = ddbLocal.endpoint;
  const admin = new DynamoDBClient({ endpoint: ddbLocal.endpoint });
  await ensureTables(admin, manifest.tables, (id) => physicalTableName(LOCAL_STAGE, id));
  admin.destroy();

  const issuer = await loadIssuer(dir, clock);
  const functions = new FunctionHost(manifest, LOCAL_REGION, LOCAL_ACCOUNT);
  for (const [id, f] of Object.entries(opts.extraFunctions ?? {})) {
    if (typeof f === 'function') functions.addFunction(id, f);
    else functions.addFunction(id, f.handler, { timeoutSeconds: f.timeoutSeconds });
  }

  // The endpoint's own state (executions, history, tokens, deadlines) lives in DynamoDB Local too,
  // in a table of the host rather than of the application, so a restart loses no workflow.
  const sfnStore = new SfnStore(ddbLocal.endpoint, SFN_STATE_TABLE);
  await sfnStore.ensureTable();
  const sfn = new StepFunctionsService({ clock, functions, region: LOCAL_REGION, account: LOCAL_ACCOUNT, store: sfnStore });
  const smArns = new Map<string, string>();
  for (const m of manifest.stateMachines) {
    const arn = sfn.createStateMachine(physicalStateMachineName(LOCAL_STAGE, m.id), readFileSync(join(repoRoot, m.file), 'utf8'), m.functionSubstitutions);
    smArns.set(m.id, arn);
    process.env[stateMachineEnvName(m.id)] = arn;
  }
  for (const m of opts.extraStateMachines ?? []) smArns.set(m.name, sfn.createStateMachine(m.name, m.asl, m.functionSubstitutions));
  const resumed = await sfn.restore();
  sfn.start();
  clock.onChange(() => sfn.tick());

  const scheduler = new LocalScheduler(manifest.schedules, functions, clock);
  clock.onChange(() => scheduler.tick());
  const streams = new LocalStreams(
    manifest.streams ?? [],
    functions,
    ddbLocal.endpoint,
    LOCAL_REGION,
    (id) => physicalTableName(LOCAL_STAGE, id),
    opts.inMemory ? undefined : join(dir, 'streams.json'),
  );

  const adminKey = randomBytes(24).toString('base64url');
  const sfnServer = await startSfnServer({
    service: sfn,
    port: opts.sfnPort ?? 8083,
    adminKey,
    admin: {
      'GET /_local/clock': async () => ({ now: clock.now().toISOString() }),
      'POST /_local/clock': async (b: { advance?: string }) => {
        if (!b.advance) throw new Error('Give { "advance": "+30d" }');
        return { now: (await clock.advance(parseDuration(b.advance))).toISOString() };
      },
      'GET /_local/schedules': async () => scheduler.list(),
      'POST /_local/fire': async (b: { scheduleId?: string; scheduledTime?: string }) => ({
        result: await scheduler.fire(String(b.scheduleId), b.scheduledTime ? new Date(b.scheduledTime) : undefined),
      }),
    },
  });
  process.env.AWS_ENDPOINT_URL_SFN = sfnServer.url;

  registerHealthProbe('stepfunctions', async () => ({ ok: sfnServer.server.listening, detail: `${sfn.listStateMachines().length} state machines` }));
  registerHealthProbe('scheduler', async () => ({ ok: true, detail: `${scheduler.list().length} schedules` }));

  if (opts.seedDemo) {
    const actor = { userId: 'system', role: 'officeAdmin', requestId: 'seed' };
    for (const u of DEMO_USERS) await usersRepo.ensure(u, actor);
  }
  if (opts.demoCity) await loadDemoCity(opts.demoCity, opts.log, opts.demoCityProgress);
  scheduler.start();
  streams.start();

  // The API opens last, so /health answers only once everything behind it is ready.
  const gateway = await startGateway({ manifest, functions, issuer, clock, port: opts.apiPort ?? 3000 });

  writeFileSync(hostInfoFile(dir), JSON.stringify({ apiUrl: gateway.url, sfnUrl: sfnServer.url, ddbEndpoint: ddbLocal.endpoint, pid: process.pid }));
  writeFileSync(join(dir, 'admin-key'), adminKey, { mode: 0o600 });

  return {
    apiUrl: gateway.url,
    sfnUrl: sfnServer.url,
    ddbEndpoint: ddbLocal.endpoint,
    dataDir: dir,
    adminKey,
    clock,
    issuer,
    sfn,
    scheduler,
    streams,
    functions,
    stateMachineArn: (id) => {
      const arn = smArns.get(id);
      if (!arn) throw new Error(`No state machine ${id}`);
      return arn;
    },
    resumedExecutions: resumed,
    stop: async () => {
      scheduler.stop();
      await streams.stop();
      sfn.stop();
      await sfnStore.flush();
      sfnStore.destroy();
      await gateway.close();
      await sfnServer.close();
      await ddbLocal.stop();
    },
  };
};

const mkdirp = (p: string) => {
  mkdirSync(p, { recursive: true });
  return p;
};
