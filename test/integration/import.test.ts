/**
 * Import of organization lists and rosters: every row checked before anything is written,
 * GB18030 and UTF-8 CSV, .xlsx with its typed cells, and a resumable write that a crash does
 * not duplicate.
 */

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoCity } from '../../infra/local/demo-city.ts';
import { verifyAudit } from '../../shared/audit/verify.ts';
import { ddb } from '../../shared/data/ddb.ts';
import { importFiles, ORGS_PER_BATCH } from '../../shared/import/run-import.ts';
import { makeNationalId, makeUscc } from '../support/codes.ts';
import { startTestHost } from '../support/host.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
const actor = { userId: 'test-import', role: 'egovCenter', requestId: 'test' };
const gb18030 = (text: string) => {
  // Node has no GB18030 encoder; the header and Chinese cells here are in GBK, a subset with the same bytes.
  const table = new TextDecoder('gb18030');
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else {
      let found = false;
      for (let hi = 0x81; hi <= 0xfe && !found; hi++) {
        for (let lo = 0x40; lo <= 0xfe; lo++) {
          if (lo === 0x7f) continue;
          if (table.decode(Uint8Array.of(hi, lo)) === ch) {
            out.push(hi, lo);
            found = true;
            break;
          }
        }
      }
      if (!found) throw new Error(`no GBK bytes for ${ch}`);
    }
  }
  return Buffer.from(out);
};

const api = async (path: string, user: string, body: unknown) => {
  const res = await fetch(`${host.apiUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await host.issuer.sign(user)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
};

const rosterCount = async (orgId: string) => {
  let n = 0;
  let start: Record<string, any> | undefined;
  do {
    const out = await ddb().send(
      new QueryCommand({
        TableName: process.env.TABLE_REGISTRY,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': `ROSTER#${orgId}` },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    n += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return n;
};

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
});
afterAll(async () => host?.cleanup());

describe('import', () => {
  it('reads a GB18030 CSV as Excel and WPS save it, and writes the organizations', async () => {
    const csv = [
      '单位代码,单位名称,单位类型,上级单位代码,经费形式,参公管理,统一社会信用代码,法人登记状态,主要负责人,任职时间,行政编制,事业编制,参公事业编制,工勤编制,批准文号,生效日期',
      `gbk-dept,咸宁市测试局,机关,,全额拨款,否,${makeUscc('1', 700)},无需登记,李明,2026/10/8,5,0,0,1,咸编发〔2026〕3号,2026/1/1`,
      `gbk-inst,咸宁市测试中心,事业单位,gbk-dept,差额拨款,否,${makeUscc('2', 701)},已登记,,,0,8,0,0,咸编发〔2026〕3号,2026.1.1`,
    ].join('\r\n');
    const r = await api('/imports', 'demo-egov', { files: [{ name: '单位.csv', contentBase64: gb18030(csv).toString('base64') }] });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ written: true, issues: [], created: { organizations: 2 } });
    const inst = await fetch(`${host.apiUrl}/organizations/gbk-inst`, { headers: { authorization: `Bearer ${await host.issuer.sign('demo-section')}` } });
    expect(await inst.json()).toMatchObject({ name: '咸宁市测试中心', path: '/gbk-dept/gbk-inst', establishment: { quota: { publicInstitution: 8 } } });
  });

  it('writes a level of units with as many different parents as fit a batch, each parent counted in the same transaction', async () => {
    // Each unit under a parent of its own is the largest case: its parent's check and count of
    // children join its own five items. Two batches' worth, so a batch too big for one
    // transaction (over 100 items) shows.
    const n = ORGS_PER_BATCH * 2;
    const header =
      '单位代码,单位名称,单位类型,上级单位代码,经费形式,参公管理,统一社会信用代码,法人登记状态,主要负责人,任职时间,行政编制,事业编制,参公事业编制,工勤编制,批准文号,生效日期';
    const zh = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥';
    const rows: string[] = [];
    for (let i = 0; i < n; i++) {
      const name = `${zh[Math.floor(i / zh.length)]}${zh[i % zh.length]}`;
      rows.push(`fan-d${i},咸宁市${name}局,机关,,全额拨款,否,${makeUscc('1', 800 + i)},无需登记,,,5,0,0,0,咸编发〔2026〕4号,2026/1/1`);
      rows.push(`fan-i${i},咸宁市${name}中心,事业单位,fan-d${i},全额拨款,否,${makeUscc('2', 900 + i)},已登记,,,0,3,0,0,咸编发〔2026〕4号,2026/1/1`);
    }
    const report = await importFiles([{ name: '单位.csv', content: Buffer.from([header, ...rows].join('\r\n'), 'utf8') }], { actor });
    expect(report.issues).toEqual([]);
    expect(report.written).toBe(true);
    const token = await host.issuer.sign('demo-section');
    for (const i of [0, n - 1]) {
      const parent = await fetch(`${host.apiUrl}/organizations/fan-d${i}`, { headers: { authorization: `Bearer ${token}` } });
      expect(parent.status).toBe(200);
      const child = await fetch(`${host.apiUrl}/organizations/fan-i${i}`, { headers: { authorization: `Bearer ${token}` } });
      expect(await child.json()).toMatchObject({ path: `/fan-d${i}/fan-i${i}` });
    }
    expect((await verifyAudit()).problems).toEqual([]);
  });

  it('refuses an .xlsx roster whose ID column Excel stored as numbers, naming row and column, and writes nothing', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人员');
    ws.addRow(['身份证号', '姓名', '单位代码', '编制类型', '岗位', '入编时间']);
    ws.addRow([makeNationalId('1990-01-02', 11), '赵敏', 'gbk-dept', '行政编制', '科员', new Date(Date.UTC(2026, 1, 1))]);
    ws.addRow([421202199001020031, '钱进', 'gbk-dept', '行政编制', '科员', new Date(Date.UTC(2026, 1, 1))]);
    const content = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await api('/imports', 'demo-egov', { files: [{ name: 'roster.xlsx', contentBase64: content.toString('base64') }] });
    expect(r.json.written).toBe(false);
    expect(r.json.issues).toEqual([expect.objectContaining({ sheet: '人员', row: 3, column: '身份证号', rule: 'storedAsNumber' })]);
    expect(r.json.issues[0].messageZh).toMatch(/文本/);
    expect(await rosterCount('gbk-dept')).toBe(0);
    // With validOnly the good row goes in and the bad one is still reported.
    const partial = await api('/imports', 'demo-egov', { files: [{ name: 'roster.xlsx', contentBase64: content.toString('base64') }], validOnly: true });
    expect(partial.json).toMatchObject({ written: true, created: { people: 1 } });
    expect(partial.json.issues).toHaveLength(1);
    expect(await rosterCount('gbk-dept')).toBe(1);
  });

  it('reports exactly the 3 bad rows of a 15,000-person roster and writes nothing', async () => {
    const city = generateDemoCity('full', '2026-11-29');
    const lines = city.people.toString('utf8').split('\r\n');
    lines[101] = lines[101]!.replace(/^(\d{17})(.)/, (_, a: string, c: string) => `${a}${c === '0' ? '1' : '0'}`); // check digit broken
    lines[7001] = lines[7001]!.replace(/,[^,]+,(d\d{3}[^,]*),/, ',Smith,$1,'); // not a Chinese name
    lines[14901] = lines[14901]!.replace(/,(行政编制|事业编制|参公事业编制|工勤编制),/, ',编外,'); // unknown quota type
    const report = await importFiles(
      [
        { name: 'organizations.csv', content: city.organizations },
        { name: 'people.csv', content: Buffer.from(lines.join('\r\n'), 'utf8') },
      ],
      { actor },
    );
    expect(report.rows).toEqual({ organizations: 460, people: 15000 });
    expect(report.issues.map((i) => `${i.row}:${i.column}:${i.rule}`)).toEqual([
      '102:身份证号:checksum',
      '7002:姓名:characters',
      '14902:编制类型:unknownValue',
    ]);
    expect(report.written).toBe(false);
    expect(await rosterCount('d001')).toBe(0);
    // Not even the organizations were written.
    const orgs = await fetch(`${host.apiUrl}/organizations/d001`, { headers: { authorization: `Bearer ${await host.issuer.sign('demo-section')}` } });
    expect(orgs.status).toBe(404);
  }, 120_000);

  it('finishes an import killed half-way when run again, with every person exactly once', async () => {
    const city = generateDemoCity({ departments: 10, institutions: 60, people: 3000 }, '2026-11-29');
    const dir = mkdtempSync(join(tmpdir(), 'bianzhi-import-'));
    writeFileSync(join(dir, 'orgs.csv'), city.organizations);
    writeFileSync(join(dir, 'people.csv'), city.people);
    const run = (killAt?: number) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const c = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', join(dir, 'orgs.csv'), join(dir, 'people.csv')], {
          env: { ...process.env, BIANZHI_IMPORT_CONCURRENCY: '2' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        c.stdout!.on('data', (d) => (out += d));
        c.stderr!.on('data', (d: Buffer) => {
          out += d;
          const m = [...d.toString().matchAll(/people\s+\[[#.]+\] (\d+)\/(\d+)/g)].at(-1);
          if (killAt && m && Number(m[1]) >= killAt) c.kill('SIGKILL');
        });
        c.once('exit', (code) => resolve({ code, out }));
      });
    const first = await run(1200);
    expect(first.code).toBe(null); // killed
    const written = (await Promise.all(['d001', 'd002', 'd003'].map(rosterCount))).reduce((a, b) => a + b, 0);
    const second = await run();
    expect(second.code, second.out).toBe(0);
    expect(second.out).toMatch(/already there: \d+ organizations, [1-9]\d* people/);

    // Every person exactly once: roster rows, counters and rows in the file agree.
    const rows = city.people.toString('utf8').trim().split('\r\n').slice(1);
    const perOrg = new Map<string, number>();
    for (const r of rows) perOrg.set(r.split(',')[2]!, (perOrg.get(r.split(',')[2]!) ?? 0) + 1);
    let total = 0;
    for (const [orgId, n] of perOrg) {
      expect(await rosterCount(orgId), orgId).toBe(n);
      const org = await fetch(`${host.apiUrl}/organizations/${orgId}`, { headers: { authorization: `Bearer ${await host.issuer.sign('demo-section')}` } });
      const onRoll = Object.values(((await org.json()) as any).establishment.onRoll as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(onRoll, orgId).toBe(n);
      total += n;
    }
    expect(total).toBe(3000);
    expect(written).toBeGreaterThan(0);
    expect((await verifyAudit()).problems).toEqual([]);
  }, 180_000);
});
