/**
 * The one config module for code that runs inside a function. Everything comes from the
 * environment the host sets (CDK in AWS, infra/local in the embedded host); nothing is read
 * from files here, so a function behaves the same in both hosts.
 */
const envName = (kind: 'TABLE' | 'STATE_MACHINE', id: string): string =>
  `${kind}_${id
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toUpperCase()}`;

export const tableEnvName = (tableId: string): string => envName('TABLE', tableId);
export const stateMachineEnvName = (id: string): string => envName('STATE_MACHINE', id);

const required = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`Missing environment variable ${name}: the host must set it`);
  return v;
};

export const config = {
  stage: (): string => process.env.STAGE ?? 'dev',
  serviceName: (): string => process.env.POWERTOOLS_SERVICE_NAME ?? 'bianzhi',
  tableName: (tableId: string): string => required(tableEnvName(tableId)),
  stateMachineArn: (id: string): string => required(stateMachineEnvName(id)),
};

/** Physical table name for a stage, shared by CDK and the embedded host. */
export const physicalTableName = (stage: string, tableId: string): string => `bianzhi-${stage}-${tableId}`;
/** The SSM parameter holding a table's stream ARN (written by the stateful stack, read by the stateless one). */
export const tableStreamParameterName = (stage: string, tableId: string): string => `/bianzhi/${stage}/tables/${tableId}/stream-arn`;
export const physicalStateMachineName = (stage: string, id: string): string => `bianzhi-${stage}-${id}`;
/** The deployment's secret (shared/keyring.ts), kept by the stateful stack. */
export const deploymentKeySecretName = (stage: string): string => `bianzhi-${stage}-deployment-key`;
