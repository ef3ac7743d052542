import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, CfnOutput, Duration, Stack, type StackProps, TimeZone } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, type OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import {
  deploymentKeySecretName,
  physicalStateMachineName,
  physicalTableName,
  stateMachineEnvName,
  tableEnvName,
  tableStreamParameterName,
} from '../../shared/config.ts';
import { DEFAULT_FUNCTION_MEMORY_MB, DEFAULT_FUNCTION_TIMEOUT_SECONDS, type Manifest, routeKey } from '../../shared/manifest-types.ts';
import { type AlarmMetric, METRIC_NAMESPACE } from '../../shared/metrics.ts';
import { bundlingAliases, FUNCTION_BUNDLING } from '../bundling.ts';
import { COGNITO_API_SCOPE, type StageConfig } from '../config.ts';

export const repoRoot = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

const pascal = (s: string) => s.replace(/(^|[-_/{}.\s]+)(\w)/g, (_, __, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');

export interface StatelessProps extends StackProps {
  manifest: Manifest;
  config: StageConfig;
  userPool?: cognito.IUserPool;
  userPoolClient?: cognito.IUserPoolClient;
}

/**
 * Everything that can be replaced without losing data: functions, the HTTP API, state machines,
 * schedules and alarms, each one made from a manifest entry and nothing else.
 */
export class StatelessStack extends Stack {
  readonly functions: Record<string, NodejsFunction> = {};
  readonly stateMachines: Record<string, sfn.StateMachine> = {};
  readonly stateMachineNames: Record<string, string> = {};
  readonly api: apigw.HttpApi;
  readonly alarmTopic: sns.Topic;
  readonly tables: Record<string, dynamodb.ITableV2>;

  constructor(scope: Construct, id: string, props: StatelessProps) {
    super(scope, id, props);
    const { manifest, config } = props;
    // Tables are found by their stage name, not by cross-stack exports, so the stateful stack
    // can change without locking this one (deploy order: stateful, then stateless).
    const tables: Record<string, dynamodb.ITableV2> = Object.fromEntries(
      manifest.tables.map((t) => [
        t.id,
        dynamodb.TableV2.fromTableAttributes(this, `Table-${t.id}`, {
          tableName: physicalTableName(config.stage, t.id),
          grantIndexPermissions: t.gsis.length > 0,
          ...(t.stream ? { tableStreamArn: ssm.StringParameter.valueForStringParameter(this, tableStreamParameterName(config.stage, t.id)) } : {}),
        }),
      ]),
    );
    this.tables = tables;
    const retention = config.logRetentionDays as logs.RetentionDays;

    // A customer key, because the AWS-managed SNS key does not let CloudWatch alarms publish.
    const alarmKey = new kms.Key(this, 'AlarmTopicKey', { enableKeyRotation: true, description: 'bianzhi alarm topic' });
    alarmKey.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarmTopic = new sns.Topic(this, 'Alarms', { displayName: `bianzhi ${config.stage} alarms`, enforceSSL: true, masterKey: alarmKey });
    if (config.alarmEmail) this.alarmTopic.addSubscription(new subs.EmailSubscription(config.alarmEmail));
    const alarmAction = new cwActions.SnsAction(this.alarmTopic);

    const deploymentKey = secretsmanager.Secret.fromSecretNameV2(this, 'DeploymentKey', deploymentKeySecretName(config.stage));

    // Functions: one per manifest entry, granted exactly the tables (and the secret) it declares.
    for (const f of manifest.functions) {
      const logGroup = new logs.LogGroup(this, `Logs-${f.id}`, { retention });
      // Our own role instead of AWSLambdaBasicExecutionRole: it may write to its own log group only.
      const role = new iam.Role(this, `Role-${pascal(f.id)}`, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `bianzhi ${config.stage} function ${f.id}`,
      });
      role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
      const fn = new NodejsFunction(this, `Fn-${pascal(f.id)}`, {
        role,
        entry: join(repoRoot, f.entry),
        handler: 'handler',
        description: f.description,
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: f.memoryMB ?? DEFAULT_FUNCTION_MEMORY_MB,
        timeout: Duration.seconds(f.timeoutSeconds ?? DEFAULT_FUNCTION_TIMEOUT_SECONDS),
        tracing: lambda.Tracing.ACTIVE,
        logGroup,
        loggingFormat: lambda.LoggingFormat.JSON,
        environment: {
          STAGE: config.stage,
          POWERTOOLS_SERVICE_NAME: `bianzhi-${f.id}`,
          NODE_OPTIONS: '--enable-source-maps',
          ...Object.fromEntries(Object.keys(f.tables).map((t) => [tableEnvName(t), tables[t]!.tableName])),
        },
        bundling: {
          // One set of options for the stack and the bench (infra/bundling.ts).
          format: FUNCTION_BUNDLING.format as OutputFormat,
          target: FUNCTION_BUNDLING.target,
          minify: FUNCTION_BUNDLING.minify,
          sourceMap: FUNCTION_BUNDLING.sourceMap,
          mainFields: [...FUNCTION_BUNDLING.mainFields],
          externalModules: [...FUNCTION_BUNDLING.externalModules],
          banner: FUNCTION_BUNDLING.banner,
          esbuildArgs: Object.fromEntries(Object.entries(bundlingAliases(repoRoot)).map(([from, to]) => [`--alias:${from}`, to])),
          ...(f.files?.length
            ? {
                commandHooks: {
                  beforeBundling: () => [],
                  beforeInstall: () => [],
                  afterBundling: (inputDir: string, outputDir: string) =>
                    f.files!.map((file) => `mkdir -p "${join(outputDir, dirname(file))}" && cp "${join(inputDir, file)}" "${join(outputDir, file)}"`),
                },
              }
            : {}),
        },
      });
      for (const [t, access] of Object.entries(f.tables)) {
        if (access === 'read') tables[t]!.grantReadData(fn);
        else tables[t]!.grantReadWriteData(fn);
      }
      if (f.deploymentKey) {
        fn.addEnvironment('BIANZHI_KEY_SECRET_ID', deploymentKeySecretName(config.stage));
        deploymentKey.grantRead(fn);
      }
      new cloudwatch.Alarm(this, `Errors-${f.id}`, {
        alarmDescription: `Function ${f.id} reported errors`,
        metric: fn.metricErrors({ period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(alarmAction);
      this.functions[f.id] = fn;
    }

    // State machines: the ASL file as it is in the repo, with function ARNs substituted.
    for (const m of manifest.stateMachines) {
      const machineName = physicalStateMachineName(config.stage, m.id);
      this.stateMachineNames[m.id] = machineName;
      const logGroup = new logs.LogGroup(this, `SfnLogs-${m.id}`, {
        logGroupName: `/aws/vendedlogs/states/bianzhi-${config.stage}-${m.id}`,
        retention,
      });
      const sm = new sfn.StateMachine(this, `Sm-${pascal(m.id)}`, {
        stateMachineName: machineName,
        stateMachineType: sfn.StateMachineType.STANDARD,
        definitionBody: sfn.DefinitionBody.fromString(readFileSync(join(repoRoot, m.file), 'utf8')),
        definitionSubstitutions: Object.fromEntries(Object.entries(m.functionSubstitutions).map(([name, fnId]) => [name, this.functions[fnId]!.functionArn])),
        // Full history, without inputs and outputs: no personal data in logs.
        logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
        tracingEnabled: true,
      });
      for (const fnId of new Set(Object.values(m.functionSubstitutions))) this.functions[fnId]!.grantInvoke(sm);
      new cloudwatch.Alarm(this, `Failed-${m.id}`, {
        alarmDescription: `Executions of ${m.id} failed, timed out or were aborted`,
        metric: new cloudwatch.MathExpression({
          expression: 'failed + timedOut + aborted',
          usingMetrics: {
            failed: sm.metricFailed({ period: Duration.minutes(5) }),
            timedOut: sm.metricTimedOut({ period: Duration.minutes(5) }),
            aborted: sm.metricAborted({ period: Duration.minutes(5) }),
          },
          period: Duration.minutes(5),
        }),
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(alarmAction);
      this.stateMachines[m.id] = sm;
    }
    // A function's access to a state machine is granted on the machine's ARN built from its
    // name, never by reference: a workflow's own step function may call back into it, and a
    // reference would make the machine and the function depend on each other.
    for (const f of manifest.functions) {
      for (const [smId, access] of Object.entries(f.stateMachines ?? {})) {
        const name = this.stateMachineNames[smId]!;
        const arn = this.formatArn({ service: 'states', resource: 'stateMachine', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
        const executions = this.formatArn({ service: 'states', resource: 'execution', resourceName: `${name}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
        const fn = this.functions[f.id]!;
        fn.addEnvironment(stateMachineEnvName(smId), arn);
        const statements: [string[], string[]][] = [];
        if (access.includes('start')) statements.push([['states:StartExecution'], [arn]]);
        if (access.includes('callback')) statements.push([['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'], [arn]]);
        if (access.includes('read'))
          statements.push([['states:ListExecutions'], [arn]], [['states:DescribeExecution', 'states:GetExecutionHistory'], [executions]]);
        for (const [actions, resources] of statements) fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
      }
    }

    // HTTP API: the gateway only checks the token and its scope; roles are checked in the functions.
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention });
    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: `bianzhi-${config.stage}`,
      createDefaultStage: false,
      corsPreflight: undefined,
    });
    new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: config.apiThrottle,
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs) },
    });
    const issuer = config.oidc?.issuer ?? `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool!.userPoolId}`;
    const audience = config.oidc?.audience ?? [props.userPoolClient!.userPoolClientId];
    const authorizer = new HttpJwtAuthorizer('Jwt', issuer, { jwtAudience: audience });
    // The audience alone also admits ID tokens (their aud is the client); a required scope, which
    // only access tokens carry, keeps them out.
    const authorizationScopes = config.oidc?.scopes ?? [COGNITO_API_SCOPE];
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const r of manifest.routes) {
      let integration = integrations.get(r.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(`Int-${pascal(r.function)}`, this.functions[r.function]!);
        integrations.set(r.function, integration);
      }
      this.api.addRoutes({
        path: r.path,
        methods: [r.method as apigw.HttpMethod],
        integration,
        // Public routes (health, API description) carry no personal data.
        authorizer: r.access === 'public' ? new apigw.HttpNoneAuthorizer() : authorizer,
        authorizationScopes: r.access === 'public' ? undefined : authorizationScopes,
      });
    }

    // Schedules: EventBridge Scheduler (time-zone aware), retried, with a dead-letter queue.
    const dlq = new sqs.Queue(this, 'ScheduleDeadLetters', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
    for (const s of manifest.schedules) {
      new scheduler.Schedule(this, `Schedule-${s.id}`, {
        scheduleName: `bianzhi-${config.stage}-${s.id}`,
        description: s.description,
        schedule: scheduler.ScheduleExpression.expression(s.expression, TimeZone.of(s.timezone)),
        target: new targets.LambdaInvoke(this.functions[s.function]!, {
          input: scheduler.ScheduleTargetInput.fromObject({
            scheduleId: s.id,
            scheduledTime: scheduler.ContextAttribute.scheduledTime,
          }),
          retryAttempts: 5,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: dlq,
        }),
      });
    }
    // Streams: the function takes each record in order per item; a unit that fails is retried from
    // its record (partial batch response), and a record still failing after the retries is kept
    // in the dead-letter queue (the nightly reconciliation also brings every unit in line).
    for (const st of manifest.streams ?? []) {
      this.functions[st.function]!.addEventSource(
        new DynamoEventSource(tables[st.table]!, {
          startingPosition: lambda.StartingPosition.TRIM_HORIZON,
          batchSize: st.batchSize ?? 100,
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          retryAttempts: 10,
          maxRecordAge: Duration.days(1),
          onFailure: new SqsDlq(dlq),
          filters: [lambda.FilterCriteria.filter({ dynamodb: { Keys: { sk: { S: lambda.FilterRule.isEqual(st.sortKey) } } } })],
        }),
      );
    }
    new cloudwatch.Alarm(this, 'DeadLetters', {
      alarmDescription: 'A scheduled job or a stream record could not be delivered: see docs/operations.md',
      metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(alarmAction);

    // Alarms the functions raise themselves (shared/metrics.ts): a workflow step that failed, a job entry that failed,
    // a year missing from the holiday calendar and notification letters overdue (the daily deadline sweep counts both).
    const alarmsOn: [AlarmMetric, string][] = [
      ['WorkflowFailures', 'A workflow failed or ended without deciding its plan: see docs/operations.md'],
      ['JobEntryFailures', 'A scheduled job could not process an entry (the others ran): see docs/operations.md'],
      [
        'CalendarYearsMissing',
        'A year deadlines need is missing from the holiday calendar (they are counted Monday to Friday, provisional): add it, see docs/operations.md',
      ],
      [
        'NotificationLettersOverdue',
        'Notification letters (告知函) to new department heads are past their month undelivered: see GET /notification-letters and docs/operations.md',
      ],
      [
        'CopyReceiptsOverdue',
        'Copies of issued matters (抄送) are past their due date unacknowledged by the supervision section, the registration bureau or the e-government center: see docs/operations.md',
      ],
      ['CounterDrift', 'The nightly reconciliation found counters that disagree with their records: see GET /reconciliation and docs/operations.md'],
    ];
    for (const [metricName, description] of alarmsOn) {
      new cloudwatch.Alarm(this, `Metric-${metricName}`, {
        alarmDescription: description,
        metric: new cloudwatch.Metric({
          namespace: METRIC_NAMESPACE,
          metricName,
          dimensionsMap: { stage: config.stage },
          statistic: 'Sum',
          period: Duration.minutes(5),
        }),
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(alarmAction);
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    // Route keys, for operators comparing a deployment with the manifest.
    new CfnOutput(this, 'RouteCount', { value: String(manifest.routes.map(routeKey).length) });
  }
}
