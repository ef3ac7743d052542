import { App } from 'aws-cdk-lib';
import { manifest } from '../shared/manifest.ts';
import { buildApp } from './build.ts';
import { stageConfig } from './config.ts';

const app = new App();
const ctx = (k: string): string | undefined => app.node.tryGetContext(k) ?? undefined;
const config = stageConfig(ctx('stage'), {
  oidcIssuer: ctx('oidcIssuer'),
  oidcAudience: ctx('oidcAudience'),
  oidcScope: ctx('oidcScope'),
  oauthCallbackUrls: ctx('oauthCallbackUrls'),
  alarmEmail: ctx('alarmEmail'),
});
buildApp(app, manifest, config, { nag: true });
app.synth();
