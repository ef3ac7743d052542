import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Manifest } from '../shared/manifest-types.ts';
import type { StageConfig } from './config.ts';
import { acknowledgeNagFindings } from './nag.ts';
import { StatefulStack } from './stacks/stateful.ts';
import { StatelessStack } from './stacks/stateless.ts';

export interface BuiltApp {
  app: App;
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/** Builds both stacks from a manifest; used by infra/app.ts and by the infra tests. */
export const buildApp = (app: App, manifest: Manifest, config: StageConfig, options: { nag: boolean }): BuiltApp => {
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const stateful = new StatefulStack(app, `bianzhi-${config.stage}-stateful`, {
    manifest,
    config,
    env,
    terminationProtection: config.retainData,
    description: 'bianzhi: tables and identity (data that must outlive deployments)',
  });
  const stateless = new StatelessStack(app, `bianzhi-${config.stage}-stateless`, {
    manifest,
    config,
    env,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
    description: 'bianzhi: functions, API, state machines, schedules, alarms',
  });
  stateless.addStackDependency(stateful);
  Tags.of(app).add('project', 'bianzhi');
  Tags.of(app).add('stage', config.stage);
  if (options.nag) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    acknowledgeNagFindings(stateful, stateless);
  }
  return { app, stateful, stateless };
};
