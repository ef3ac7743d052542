/**
 * `npm run import -- <file.xlsx|file.csv> [...] [--valid-only] [--dry-run] [--report out.json] [--as userId]`
 * Imports an organization list and/or roster. Every row is checked first; nothing is written
 * unless all rows are valid (or, with --valid-only, the valid rows are). Safe to run again
 * after a crash: the same files finish the same import without duplicates.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { progressReporter } from '../shared/import/progress.ts';
import { importFiles } from '../shared/import/run-import.ts';
import { useDataTables } from './data-env.ts';

const usage = `Usage: npm run import -- <file.xlsx|file.csv> [...] [--valid-only] [--dry-run] [--report out.json] [--as userId]

Checks every row of an organization list and/or roster, then writes them into the running
embedded host's registry (nothing is written unless every row is valid).

  --valid-only   write the valid rows even when others are bad
  --dry-run      check only, write nothing
  --report FILE  keep the whole report (every bad row) as JSON
  --as USERID    the user the audit trail names (default import-cli)
  --help, -h     this text`;

const fail = (message: string): never => {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
};

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        'valid-only': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        report: { type: 'string' },
        as: { type: 'string', default: 'import-cli' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    return fail((e as Error).message);
  }
})();
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (!positionals.length) fail('No file named.');
// npm runs scripts in the project's folder; a relative path means the folder the user typed it in.
const here = process.env.INIT_CWD ?? process.cwd();
const files = positionals.map((f) => {
  const path = resolve(here, f);
  try {
    return { name: basename(f), content: readFileSync(path) };
  } catch (e) {
    return fail(`Cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
});
useDataTables();

const started = Date.now();
const report = await importFiles(files, {
  actor: { userId: values.as!, role: 'officeAdmin', requestId: `import-${started}` },
  validOnly: values['valid-only'],
  dryRun: values['dry-run'],
  // A line a second when the output is a log, not a terminal: it shows the import moving.
  onProgress: progressReporter({ write: (s) => process.stderr.write(s), tty: process.stderr.isTTY === true, everyMs: 1_000 }),
});
if (values.report) writeFileSync(resolve(here, values.report), JSON.stringify(report, null, 2));
const secs = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `import ${report.importId}: ${report.rows.organizations} organization rows, ${report.rows.people} people rows, ${report.issues.length} bad rows (${secs} s)`,
);
for (const i of report.issues.slice(0, 50)) console.log(`  ${i.sheet} row ${i.row}, ${i.column}: ${i.messageZh} (${i.message})`);
if (report.issues.length > 50)
  console.log(`  … ${report.issues.length - 50} more${values.report ? ` in ${values.report}` : ' (use --report to keep them all)'}`);
for (const o of report.overQuota) console.log(`  warning: ${o.orgId} ${o.quotaType} over quota: ${o.onRoll} on roll, quota ${o.quota}`);
if (report.written) {
  console.log(
    `written: ${report.created.organizations} organizations, ${report.created.people} people; already there: ${report.skipped.organizations} organizations, ${report.skipped.people} people`,
  );
} else {
  console.log(values['dry-run'] ? 'dry run: nothing written' : 'nothing written: correct the rows above, or pass --valid-only to write the valid rows');
}
process.exit(report.issues.length && !values['valid-only'] ? 1 : 0);
