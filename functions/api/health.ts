import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../shared/config.ts';
import { ddb } from '../../shared/data/ddb.ts';
import { missingCalendarYears } from '../../shared/data/holiday-calendars.ts';
import { keys } from '../../shared/data/keys.ts';
import { missingYearsDetail } from '../../shared/domain/calendar/holiday-calendar.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { runProbes } from '../../shared/health.ts';
import { publicHandler } from '../../shared/http/public-handler.ts';
import { healthRoutes } from '../../shared/routes/health.ts';

export const handler = publicHandler(healthRoutes, {
  'GET /health': async () => {
    const result = await runProbes(
      {
        dynamodb: async () => {
          await ddb().send(new GetCommand({ TableName: config.tableName('config'), Key: keys.healthProbe }));
          return { ok: true };
        },
      },
      {
        // A missing year makes deadlines provisional, not the API unable to serve: advisory.
        calendar: async () => {
          const missing = await missingCalendarYears(todayInShanghai());
          if (!missing.length) return { ok: true, detail: 'every year deadlines need by now has its holiday calendar' };
          return { ok: false, detail: missingYearsDetail(missing) };
        },
      },
    );
    return { status: result.status === 'ok' ? 200 : 503, body: result };
  },
});
