import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * One DynamoDB client per process. The endpoint comes from the SDK's own configuration
 * (AWS_ENDPOINT_URL_DYNAMODB in the embedded host), so the same code talks to AWS or to
 * DynamoDB Local.
 */
let doc: DynamoDBDocumentClient | undefined;

export const ddb = (): DynamoDBDocumentClient => {
  doc ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return doc;
};

/** Whether a write was refused for its condition (alone, or as an item of a transaction). */
export const isConditionFailure = (e: unknown): boolean => {
  const err = e as { name?: string; CancellationReasons?: { Code?: string }[] };
  return (
    err?.name === 'ConditionalCheckFailedException' ||
    (err?.name === 'TransactionCanceledException' && (err.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'))
  );
};
