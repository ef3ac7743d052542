/**
 * For commands that work on the data directly (import, audit:verify): use the tables of AWS when
 * TABLE_* and credentials are set (with BIANZHI_KEY_SECRET_ID naming the deployment's secret),
 * otherwise those of the embedded host that last ran here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { hostInfoFile, setLocalDataEnv } from '../infra/local/host.ts';
import { dataDir } from '../infra/local/paths.ts';
import { manifest } from '../shared/manifest.ts';

export const useDataTables = (): 'aws' | 'embedded' => {
  if (process.env.TABLE_AUDIT && process.env.TABLE_REGISTRY) return 'aws';
  const info = hostInfoFile(dataDir());
  if (!existsSync(info)) {
    console.error('No embedded host has run here (npm start), and no TABLE_* variables are set for AWS.');
    process.exit(2);
  }
  const { ddbEndpoint } = JSON.parse(readFileSync(info, 'utf8'));
  process.env.AWS_ENDPOINT_URL_DYNAMODB = ddbEndpoint;
  setLocalDataEnv(dataDir(), manifest.tables);
  return 'embedded';
};
