import { Aws, CfnOutput, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { deploymentKeySecretName, physicalTableName, tableStreamParameterName } from '../../shared/config.ts';
import type { Manifest } from '../../shared/manifest-types.ts';
import { COGNITO_API_SCOPE, COGNITO_RESOURCE_SERVER, COGNITO_SCOPE_NAME, type StageConfig } from '../config.ts';

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
  readonly loginDomain?: cognito.UserPoolDomain;

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
      // The stream's ARN (it carries a creation label) for the stateless stack, by name rather than by export.
      if (t.stream) {
        new ssm.StringParameter(this, `StreamArn-${t.id}`, {
          parameterName: tableStreamParameterName(config.stage, t.id),
          stringValue: this.tables[t.id]!.tableStreamArn!,
          description: `bianzhi ${config.stage}: stream of the ${t.id} table`,
        });
      }
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
      // The API accepts access tokens with this scope only (see COGNITO_API_SCOPE). Cognito puts
      // a resource server's scopes only in tokens from its OAuth endpoints, so the portal signs
      // in with the authorization code flow at the domain below (with PKCE: the client has no
      // secret); tokens from SRP sign-in carry no such scope and are refused by the API.
      const scope = new cognito.ResourceServerScope({ scopeName: COGNITO_SCOPE_NAME, scopeDescription: 'Call the bianzhi API' });
      const apiServer = this.userPool.addResourceServer('Api', { identifier: COGNITO_RESOURCE_SERVER, scopes: [scope] });
      this.userPoolClient = this.userPool.addClient('Portal', {
        authFlows: { userSrp: true },
        generateSecret: false,
        preventUserExistenceErrors: true,
        oAuth: {
          // No implicit flow: it hands tokens over in the URL.
          flows: { authorizationCodeGrant: true },
          // Spelled out rather than taken from the resource server, to be the very string the routes require.
          scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.custom(COGNITO_API_SCOPE)],
          // A loopback redirect (RFC 8252) works for a command-line client until the portal's URL is given.
          callbackUrls: config.oauthCallbackUrls ?? ['http://localhost/callback'],
        },
      });
      // The client may only name scopes that exist when it is created.
      this.userPoolClient.node.addDependency(apiServer);
      // Cognito prefixes are unique per region across accounts: the stack id's first segment keeps ours apart.
      const suffix = Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))));
      this.loginDomain = this.userPool.addDomain('Login', { cognitoDomain: { domainPrefix: Fn.join('-', ['bianzhi', config.stage, suffix]) } });
      new CfnOutput(this, 'LoginBaseUrl', { value: this.loginDomain.baseUrl() });
    }
  }
}
