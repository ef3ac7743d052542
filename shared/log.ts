import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured logs. Never log request bodies, national IDs, names or birth dates: log record ids.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'bianzhi' });
