import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../shared/config.ts';
import { ddb } from '../../shared/data/ddb.ts';
import { keys } from '../../shared/data/keys.ts';
import { runProbes } from '../../shared/health.ts';
import { publicHandler } from '../../shared/http/public-handler.ts';
import { healthRoutes } from '../../shared/routes/health.ts';

export const handler = publicHandler(healthRoutes, {
  'GET /health': async () => {
    const result = await runProbes({
      dynamodb: async () => {
        await ddb().send(new GetCommand({ TableName: config.tableName('config'), Key: keys.healthProbe }));
        return { ok: true };
      },
    });
    return { status: result.status === 'ok' ? 200 : 503, body: result };
  },
});
