/**
 * The README and docs/ hold up for someone who cloned only this repository: every link leads to
 * a file in it, each command says whether it needs the host running (as its code does), the
 * EBADENGINE warnings are explained, and the AWS commands set a region the CLI v1 reads too.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_CALENDARS, checkHolidayCalendar } from '../../shared/domain/calendar/holiday-calendar.ts';
import { HolidayCalendarInput } from '../../shared/schemas/calendar.ts';

const root = resolve('.');
const docs = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
];
const text = (f: string) => readFileSync(f, 'utf8');
const README = text('README.md');

describe('README and docs', () => {
  it.each(docs)('%s links only to files inside the repository', (file) => {
    const targets = [...text(file).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^(https?:|mailto:|#)/.test(t));
    for (const t of targets) {
      const path = resolve(dirname(file), t.replace(/#.*$/, ''));
      expect(relative(root, path).startsWith('..'), `${file} → ${t} leaves the repository`).toBe(false);
      expect(existsSync(path), `${file} → ${t}`).toBe(true);
    }
    // Paths written as code count too: a clone has no ../shared/.
    expect(text(file)).not.toMatch(/`\.\.\/(?!shared\/domain|shared\/manifest)[^`]*`/);
    expect(text(file)).not.toMatch(/\.\.\/shared\/(SPEC|DESIGN|GLOSSARY)/);
  });

  it('says for every command whether it needs `npm start` running, as its script does', () => {
    const scripts = JSON.parse(text('package.json')).scripts as Record<string, string>;
    const rows = new Map([...README.matchAll(/^\| `npm (?:run )?([\w:]+)[^|]*\|[^|]*\| (yes|no)\b/gm)].map((m) => [m[1]!, m[2]!]));
    for (const name of ['token', 'clock', 'fire', 'import', 'audit:verify', 'bench', 'test']) {
      expect(rows.get(name), `npm run ${name} is missing from the README's table of commands`).toBeDefined();
      const file = /tsx (scripts\/[\w-]+\.ts)/.exec(scripts[name]!)?.[1];
      // A script needs the host when it talks to it: its operator endpoint or its DynamoDB Local.
      const needsHost = file ? /from '\.\/(local-admin|data-env)\.ts'/.test(text(file)) : false;
      expect(rows.get(name), `npm run ${name}`).toBe(needsHost ? 'yes' : 'no');
    }
  });

  it('shows a holiday calendar in docs/operations.md that is the 2026 notice as built in, and that PUT /calendar/{year} takes', () => {
    const json = /cat > calendar-2026\.json <<'JSON'\n([\s\S]*?)\nJSON\n/.exec(text('docs/operations.md'))?.[1];
    expect(json).toBeDefined();
    const body = HolidayCalendarInput.parse(JSON.parse(json!));
    expect(checkHolidayCalendar(2026, body)).toEqual([]);
    const { year: _, ...builtIn } = BUILT_IN_CALENDARS.get(2026)!;
    expect(body).toEqual(builtIn);
  });

  it('explains the EBADENGINE warnings npm prints', () => {
    expect(README).toMatch(/EBADENGINE[\s\S]{0,400}Node 20[\s\S]{0,400}Node 24/);
  });

  it('lists the demo user of every section a plan can go to', () => {
    for (const user of ['demo-section', 'demo-institutions', 'demo-supervision', 'demo-leader']) expect(README).toContain(`\`${user}\``);
  });

  it('sets the AWS region for the CLI v1 too (AWS_DEFAULT_REGION) wherever it sets AWS_REGION', () => {
    for (const file of docs) {
      for (const line of text(file)
        .split('\n')
        .filter((l) => /\bAWS_REGION=/.test(l)))
        expect(line, file).toMatch(/\bAWS_DEFAULT_REGION=/);
    }
    expect(text('docs/operations.md')).toMatch(/AWS_DEFAULT_REGION=cn-local-1/);
  });
});
