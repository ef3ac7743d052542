import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { deploymentKeySecretName, physicalTableName } from '../../shared/config.ts';
import type { Manifest } from '../../shared/manifest-types.ts';
import type { StageConfig } from '../config.ts';

const attr = (k: { name: string; type: 'S' | 'N' }) => ({
  name: k.name,
  type: k.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
});

/** Everything that holds data: the tables of the manifest and, by default, the user pool. */
export class StatefulStack extends Stack {
  readonly tables: Record<string, dynamodb.TableV2> = {};
  readonly userPool?: cognito.UserPool;
  readonly userPoolClient?: cognito.UserPoolClient;
  readonly deploymentKey: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: StackProps & { manifest: Manifest; config: StageConfig }) {
    super(scope, id, props);
    const { manifest, config } = props;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    for (const t of manifest.tables) {
      this.tables[t.id] = new dynamodb.TableV2(this, `Table-${t.id}`, {
        tableName: physicalTableName(config.stage, t.id),
        partitionKey: attr(t.partitionKey),
        sortKey: t.sortKey ? attr(t.sortKey) : undefined,
        billing: dynamodb.Billing.onDemand(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
        deletionProtection: config.retainData,
        removalPolicy,
        timeToLiveAttribute: t.ttlAttribute,
        dynamoStream: t.stream === 'NEW_IMAGE' ? dynamodb.StreamViewType.NEW_IMAGE : t.stream ? dynamodb.StreamViewType.NEW_AND_OLD_IMAGES : undefined,
        globalSecondaryIndexes: t.gsis.map((g) => ({
          indexName: g.name,
          partitionKey: attr(g.partitionKey),
          sortKey: g.sortKey ? attr(g.sortKey) : undefined,
        })),
      });
    }

    // Person ids and page tokens are keyed with it (shared/keyring.ts): it lives as long as the data.
    this.deploymentKey = new secretsmanager.Secret(this, 'DeploymentKey', {
      secretName: deploymentKeySecretName(config.stage),
      description: 'bianzhi: the key person ids and page tokens are derived from; changing it changes every person id',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });

    if (!config.oidc) {
      this.userPool = new cognito.UserPool(this, 'Users', {
        userPoolName: `bianzhi-${config.stage}`,
        selfSignUpEnabled: false,
        signInAliases: { username: true, email: true },
        mfa: cognito.Mfa.REQUIRED,
        mfaSecondFactor: { sms: false, otp: true },
        passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
        accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
        featurePlan: cognito.FeaturePlan.PLUS,
        standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
        deletionProtection: config.retainData,
        removalPolicy,
      });
      this.userPoolClient = this.userPool.addClient('Portal', {
        authFlows: { userSrp: true },
        generateSecret: false,
        preventUserExistenceErrors: true,
      });
    }
  }
}
