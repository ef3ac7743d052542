/** cdk-nag AwsSolutions: zero unacknowledged findings, and nag really runs. */

import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build.ts';
import { stageConfig } from '../../infra/config.ts';
import { manifest } from '../../shared/manifest.ts';
import type { Manifest } from '../../shared/manifest-types.ts';

/** The manifest plus a fixture machine, so nag sees more than one workflow. */
const withMachine: Manifest = {
  ...manifest,
  stateMachines: [
    ...manifest.stateMachines,
    { id: 'fixture', description: 'fixture', file: 'test/fixtures/statemachines/parallel-callbacks.asl.json', functionSubstitutions: { Collector: 'users' } },
  ],
};

const app = (extra?: (a: App) => void, m: Manifest = manifest) => {
  const a = new App({ context: { 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:defaultCrossStackReferences': 'strong' } });
  buildApp(a, m, stageConfig('prod'), { nag: true });
  extra?.(a);
  return a;
};

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in the app', () => {
    expect(() => app().synth()).not.toThrow();
  });

  it('finds nothing unacknowledged in a state machine built from an ASL file', () => {
    expect(() => app(undefined, withMachine).synth()).not.toThrow();
  });

  it('fails synthesis on a new finding (the check is live)', () => {
    const a = app((x) => new sqs.Queue(new Stack(x, 'careless'), 'PlainQueue'));
    expect(() => a.synth()).toThrow(/AwsSolutions-SQS/);
  });
});
