/**
 * `--city`: the import of the full demo city (about 460 organizations and 15,000 people)
 * through the import path, into an empty in-memory host of its own (the route world's units
 * would collide with the city's).
 */

import { generateDemoCity } from '../../infra/local/demo-city.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { importFiles } from '../../shared/import/run-import.ts';
import { startTestHost } from '../../test/support/host.ts';
import { onInterrupt } from './cleanup.ts';
import type { Timing } from './host-section.ts';
import { elapsed, underLoad } from './stats.ts';

/** `ddbPort`: the port of any host before it in this process, whose endpoint the process's one DynamoDB client holds. */
export const measureCityImport = async (ddbPort: number): Promise<Timing> => {
  const host = await startTestHost({ ddbPort });
  const forget = onInterrupt(() => host.cleanup());
  try {
    host.scheduler.stop();
    const city = generateDemoCity('full', todayInShanghai(host.clock.now()));
    const {
      value: { value: report, ms },
      load,
    } = await underLoad(() =>
      elapsed(() =>
        importFiles(
          [
            { name: 'organizations.csv', content: city.organizations },
            { name: 'people.csv', content: city.people },
          ],
          { actor: { userId: 'bench', role: 'officeAdmin', requestId: 'bench' } },
        ),
      ),
    );
    const { organizations, people } = report.rows;
    return {
      id: 'city.import',
      label: `import of the demo city (${organizations} organizations, ${people} people; in-memory DynamoDB Local)`,
      figures: { ms, organizations, people, peoplePerSecond: people / (ms / 1000) },
      text: `${(ms / 1000).toFixed(1)} s (${(people / (ms / 1000)).toFixed(0)} people/s)`,
      load,
    };
  } finally {
    await host.cleanup();
    forget();
  }
};
