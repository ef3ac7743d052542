/**
 * `npm run audit:verify`: checks every audit chain and checkpoint of the running embedded host
 * (or of AWS, with the TABLE_* variables and credentials set) and names the first altered,
 * missing or reordered entry of each broken chain. Exit code 1 when anything is wrong.
 */
import { existsSync, readFileSync } from 'node:fs';
import { verifyAudit } from '../shared/audit/verify.ts';
import { physicalTableName, tableEnvName } from '../shared/config.ts';
import { manifest } from '../shared/manifest.ts';
import { hostInfoFile, LOCAL_REGION, LOCAL_STAGE } from '../infra/local/host.ts';
import { dataDir } from '../infra/local/paths.ts';

if (!process.env.TABLE_AUDIT) {
  const info = hostInfoFile(dataDir());
  if (!existsSync(info)) {
    console.error('No embedded host has run here (npm start), and no TABLE_AUDIT is set for AWS.');
    process.exit(2);
  }
  const { ddbEndpoint } = JSON.parse(readFileSync(info, 'utf8'));
  Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: ddbEndpoint, AWS_REGION: LOCAL_REGION, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
  for (const t of manifest.tables) process.env[tableEnvName(t.id)] = physicalTableName(LOCAL_STAGE, t.id);
}

const report = await verifyAudit().catch((e: Error) => {
  console.error(`Could not read the audit trail: ${e.message}`);
  process.exit(2);
});
console.log(`${report.chains} chains, ${report.entries} entries, ${report.checkpoints} checkpoints`);
if (!report.problems.length) {
  console.log('audit trail intact');
} else {
  for (const p of report.problems) console.log(`BROKEN ${p.chain}: entry ${p.seq} ${p.kind}: ${p.detail}`);
  process.exit(1);
}
