import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/build.ts';
import { type StageConfig, stageConfig } from '../../infra/config.ts';
import type { Manifest } from '../../shared/manifest-types.ts';

/** Builds both stacks in-process without bundling (bundling is exercised by the CLI synth test). */
export const synthTemplates = (manifest: Manifest, config: StageConfig = stageConfig('dev'), nag = false) => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:defaultCrossStackReferences': 'strong' } });
  const built = buildApp(app, manifest, config, { nag });
  return { ...built, stateful: Template.fromStack(built.stateful), stateless: Template.fromStack(built.stateless), stacks: built };
};
