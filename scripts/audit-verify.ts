/**
 * `npm run audit:verify`: checks every audit chain and checkpoint of the running embedded host
 * (or of AWS, with the TABLE_* variables and credentials set) and names the first altered,
 * missing or reordered entry of each broken chain. Exit code 1 when anything is wrong.
 */
import { verifyAudit } from '../shared/audit/verify.ts';
import { useDataTables } from './data-env.ts';

useDataTables();

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
