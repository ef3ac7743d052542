import { Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { StatefulStack } from './stacks/stateful.ts';
import type { StatelessStack } from './stacks/stateless.ts';

const ack = (scope: IConstruct, id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });

/** The resolved form of a token, as cdk-nag prints it in finding ids. */
const nagRef = (scope: IConstruct, value: string): string => {
  const resolved = Stack.of(scope).resolve(value) as unknown;
  const r = resolved as { 'Fn::GetAtt'?: [string, string]; 'Fn::ImportValue'?: string; Ref?: string };
  if (r['Fn::GetAtt']) return `<${r['Fn::GetAtt'][0]}.${r['Fn::GetAtt'][1]}>`;
  if (r['Fn::ImportValue']) return r['Fn::ImportValue'];
  if (r.Ref) return `<${r.Ref}>`;
  return String(resolved);
};

/**
 * Every cdk-nag AwsSolutions finding we accept, each with its reason, on the narrowest
 * construct and finding id. Anything not listed here fails synthesis.
 */
export const acknowledgeNagFindings = (stateful: StatefulStack, stateless: StatelessStack): void => {
  ack(
    stateful.deploymentKey,
    'AwsSolutions-SMG4',
    'Not a credential but a data key: person ids are derived from it, so rotating it would change every id. It is kept like the tables (retained in prod) and read only by the functions that derive ids.',
  );
  for (const fn of Object.values(stateless.functions)) {
    const policy = fn.role!.node.tryFindChild('DefaultPolicy') ?? fn.role!;
    ack(policy, 'AwsSolutions-IAM5[Resource::*]', 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions.');
  }
  const region = Token.isUnresolved(stateless.region) ? '<AWS::Region>' : stateless.region;
  const account = Token.isUnresolved(stateless.account) ? '<AWS::AccountId>' : stateless.account;
  for (const [id, table] of Object.entries(stateless.tables)) {
    const tableName = table.tableName;
    for (const fn of Object.values(stateless.functions)) {
      const policy = fn.role!.node.tryFindChild('DefaultPolicy');
      if (!policy) continue;
      ack(
        policy,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:dynamodb:${region}:${account}:table/${tableName}/index/*]`,
        `Queries on the GSIs of table ${id}, which this function is granted in the manifest.`,
      );
    }
  }
  for (const route of stateless.api.node.children) {
    if (/^GET--(health|openapi\.json|docs|docs--\{file\+\})$/.test(route.node.id)) {
      ack(route, 'AwsSolutions-APIG4', 'Public by design: liveness and the API description (its page and files) carry no personal data.');
    }
  }
  for (const sm of Object.values(stateless.stateMachines)) {
    const policy = sm.role.node.tryFindChild('DefaultPolicy') ?? sm.role;
    ack(
      policy,
      'AwsSolutions-IAM5[Resource::*]',
      'Log delivery (logs:*LogDelivery, DescribeResourcePolicies) and X-Ray support no resource-level permissions.',
    );
    for (const fn of Object.values(stateless.functions)) {
      ack(policy, `AwsSolutions-IAM5[Resource::${nagRef(fn, fn.functionArn)}:*]`, 'The workflow may invoke its task functions and their versions.');
    }
  }
  for (const fn of Object.values(stateless.functions)) {
    const policy = fn.role!.node.tryFindChild('DefaultPolicy');
    if (!policy) continue;
    for (const sm of Object.keys(stateless.stateMachines)) {
      ack(
        policy,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${region}:${account}:execution:${stateless.stateMachineNames[sm]}:*]`,
        'Reads (DescribeExecution, GetExecutionHistory) of the executions of a workflow this function is granted in the manifest; execution names are not known in advance.',
      );
    }
  }
  const dlq = stateless.node.tryFindChild('ScheduleDeadLetters');
  if (dlq) ack(dlq, 'AwsSolutions-SQS3', 'This queue is itself the dead-letter queue of the schedules.');
  for (const child of stateless.node.children) {
    if (!child.node.id.startsWith('SchedulerRoleForTarget')) continue;
    const policy = child.node.tryFindChild('DefaultPolicy');
    if (!policy) continue;
    for (const fn of Object.values(stateless.functions)) {
      ack(policy, `AwsSolutions-IAM5[Resource::${nagRef(fn, fn.functionArn)}:*]`, 'Scheduler may invoke the target function and its versions.');
    }
  }
};
