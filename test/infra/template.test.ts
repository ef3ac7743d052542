/**
 * The synthesized templates serve exactly the manifest: every route, function, schedule, state
 * machine and table, with the grants it declares, and nothing else.
 */

import { readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/config.ts';
import { manifest } from '../../shared/manifest.ts';
import { type Manifest, routeKey } from '../../shared/manifest-types.ts';
import { synthTemplates } from '../support/cdk.ts';

const withFixtureMachine: Manifest = manifest;

const { stateful, stateless } = synthTemplates(withFixtureMachine);

const resources = (t: typeof stateless, type: string) => Object.values(t.findResources(type)) as { Properties: any; DeletionPolicy?: string }[];

describe('stateless template', () => {
  it('has one route per manifest route, JWT-authorized with the API scope unless public', () => {
    const routes = resources(stateless, 'AWS::ApiGatewayV2::Route');
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(withFixtureMachine.routes.map(routeKey).sort());
    for (const r of routes) {
      const decl = withFixtureMachine.routes.find((d) => routeKey(d) === r.Properties.RouteKey)!;
      expect(r.Properties.AuthorizationType, r.Properties.RouteKey).toBe(decl.access === 'public' ? 'NONE' : 'JWT');
      // ID tokens carry no scope: a required scope is what keeps them out (aud would let them in).
      expect(r.Properties.AuthorizationScopes, r.Properties.RouteKey).toEqual(decl.access === 'public' ? undefined : ['bianzhi/api']);
    }
  });

  it('has one function per manifest function: Node 24, arm64, traced, logging to its own group', () => {
    const fns = resources(stateless, 'AWS::Lambda::Function');
    expect(fns).toHaveLength(withFixtureMachine.functions.length);
    for (const f of fns) {
      expect(f.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
    }
    expect(resources(stateless, 'AWS::IAM::Role').filter((r) => JSON.stringify(r.Properties).includes('AWSLambdaBasicExecutionRole'))).toHaveLength(0);
  });

  it('grants each function only the tables it declares, read-only where it only reads', () => {
    const policies = stateless.findResources('AWS::IAM::Policy');
    for (const f of withFixtureMachine.functions) {
      const json = JSON.stringify(Object.entries(policies).filter(([id]) => id.startsWith(`Role${f.id[0]!.toUpperCase()}${f.id.slice(1)}`)));
      for (const t of withFixtureMachine.tables) {
        expect(json.includes(`table/bianzhi-dev-${t.id}`), `${f.id} → ${t.id}`).toBe(t.id in f.tables);
      }
      if (Object.values(f.tables).every((a) => a === 'read')) expect(json, f.id).not.toContain('dynamodb:PutItem');
    }
  });

  it('schedules each manifest schedule in its time zone, with retries and a dead-letter queue', () => {
    const schedules = resources(stateless, 'AWS::Scheduler::Schedule');
    expect(schedules).toHaveLength(withFixtureMachine.schedules.length);
    for (const s of withFixtureMachine.schedules) {
      stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: s.expression,
        ScheduleExpressionTimezone: s.timezone,
        Target: Match.objectLike({
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 5 }),
          DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }),
          Input: Match.stringLikeRegexp('aws.scheduler.scheduled-time'),
        }),
      });
    }
  });

  it('deploys the ASL file itself as a Standard workflow with full history and no execution data', () => {
    const machines = resources(stateless, 'AWS::StepFunctions::StateMachine');
    expect(machines).toHaveLength(manifest.stateMachines.length);
    const m = machines[0]!.Properties;
    expect(m.StateMachineType).toBe('STANDARD');
    expect(m.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    expect(m.TracingConfiguration).toEqual({ Enabled: true });
    expect(m.DefinitionString).toBe(readFileSync('statemachines/staffing-plan.asl.json', 'utf8'));
    // One function per task of the workflow, each substituted by its own ARN.
    const decl = manifest.stateMachines[0]!;
    for (const [name, fnId] of Object.entries(decl.functionSubstitutions)) {
      expect(m.DefinitionSubstitutions[name], name).toEqual({
        'Fn::GetAtt': [expect.stringMatching(new RegExp(`^Fn${fnId[0]!.toUpperCase()}${fnId.slice(1)}`)), 'Arn'],
      });
    }
    // The API may start it and answer its callbacks; nothing else may.
    const policies = JSON.stringify(stateless.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('states:StartExecution');
    expect(policies).toContain('states:SendTaskSuccess');
  });

  it('alarms on function errors, failed executions, dead letters, the failures functions report and a missing holiday calendar year, to one encrypted topic', () => {
    const alarms = resources(stateless, 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(withFixtureMachine.functions.length + withFixtureMachine.stateMachines.length + 1 + 6);
    for (const name of ['WorkflowFailures', 'JobEntryFailures', 'CalendarYearsMissing', 'NotificationLettersOverdue', 'CopyReceiptsOverdue', 'CounterDrift']) {
      stateless.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: name, Namespace: 'bianzhi', Dimensions: [{ Name: 'stage', Value: 'dev' }] });
    }
    // One missing year is enough: the daily deadline sweep reports how many there are.
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'CalendarYearsMissing',
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    for (const a of alarms) expect(a.Properties.AlarmActions).toHaveLength(1);
    stateless.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  it('uses a Cognito user pool as issuer by default, whose app client may get the API scope through the code flow', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: Match.anyValue(), Audience: Match.anyValue() },
    });
    stateful.resourceCountIs('AWS::Cognito::UserPool', 1);
    stateful.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'bianzhi',
      Scopes: [Match.objectLike({ ScopeName: 'api' })],
    });
    const [client] = resources(stateful, 'AWS::Cognito::UserPoolClient');
    expect(client!.Properties.AllowedOAuthFlows).toEqual(['code']);
    expect(client!.Properties.AllowedOAuthScopes).toContain('bianzhi/api');
    // Tokens with the scope come from the OAuth endpoints, which need a domain.
    stateful.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });
});

describe('stateful template', () => {
  it('has one table per manifest table with its keys, GSIs and TTL, on demand with PITR', () => {
    const tables = resources(stateful, 'AWS::DynamoDB::GlobalTable');
    expect(tables.map((t) => t.Properties.TableName).sort()).toEqual(manifest.tables.map((t) => `bianzhi-dev-${t.id}`).sort());
    for (const decl of manifest.tables) {
      const t = tables.find((x) => x.Properties.TableName === `bianzhi-dev-${decl.id}`)!.Properties;
      expect(t.BillingMode).toBe('PAY_PER_REQUEST');
      expect(t.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect((t.GlobalSecondaryIndexes ?? []).map((g: any) => g.IndexName)).toEqual(decl.gsis.map((g) => g.name));
      expect(t.TimeToLiveSpecification?.AttributeName).toBe(decl.ttlAttribute);
    }
  });

  it('keeps tables and users in prod: RETAIN and deletion protection', () => {
    const prod = synthTemplates(manifest, stageConfig('prod'));
    for (const t of resources(prod.stateful, 'AWS::DynamoDB::GlobalTable')) {
      expect(t.DeletionPolicy).toBe('Retain');
      expect(t.Properties.Replicas[0].DeletionProtectionEnabled).toBe(true);
    }
    expect(resources(prod.stateful, 'AWS::Cognito::UserPool')[0]!.DeletionPolicy).toBe('Retain');
    const dev = resources(stateful, 'AWS::DynamoDB::GlobalTable');
    expect(dev[0]!.DeletionPolicy).toBe('Delete');
  });

  it('takes any OIDC issuer instead of Cognito where user pools are not offered, with the scope it grants', () => {
    const city = synthTemplates(
      manifest,
      stageConfig('prod', { oidcIssuer: 'https://id.xianning.gov.cn/oidc', oidcAudience: 'bianzhi', oidcScope: 'bianzhi.api' }),
    );
    city.stateful.resourceCountIs('AWS::Cognito::UserPool', 0);
    city.stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Issuer: 'https://id.xianning.gov.cn/oidc', Audience: ['bianzhi'] },
    });
    for (const r of resources(city.stateless, 'AWS::ApiGatewayV2::Route')) {
      if (r.Properties.AuthorizationType === 'JWT') expect(r.Properties.AuthorizationScopes, r.Properties.RouteKey).toEqual(['bianzhi.api']);
    }
    expect(() => stageConfig('prod', { oidcIssuer: 'https://x' })).toThrow(/oidcAudience/);
    expect(() => stageConfig('prod', { oidcIssuer: 'https://x', oidcAudience: 'bianzhi' })).toThrow(/oidcScope/);
    expect(() => stageConfig('staging')).toThrow(/Unknown stage/);
  });
});
