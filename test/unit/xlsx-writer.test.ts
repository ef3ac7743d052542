/**
 * The .xlsx writer: every workbook it writes is read back with exceljs (an independent reader, as
 * Excel's stand-in) and with the project's own import reader, and its zip and XML are looked at
 * where neither reader tells (quotePrefix, no formula element, the zip's headers).
 */

import { crc32, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cellText,
  dateSerial,
  displayWidth,
  looksLikeFormula,
  MAX_WIDTH,
  MIN_WIDTH,
  sheetNames,
  writeXlsx,
  type XlsxBook,
  type XlsxSheet,
  XlsxWriteError,
} from '../../shared/exports/xlsx-writer.ts';
import { openXlsx, serialToDate } from '../../shared/import/xlsx.ts';

const load = async (content: Buffer): Promise<ExcelJS.Workbook> => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  return wb;
};

/** Every row's cells as the import reader reads them, by row number. */
const ownCells = (content: Buffer, sheet?: string) =>
  Object.fromEntries(
    openXlsx(content)
      .read(sheet)
      .map((r) => [r.row, r.cells]),
  );

/** One sheet's workbook, written and loaded with exceljs. */
const oneSheet = async (sheet: XlsxSheet) => {
  const content = writeXlsx({ sheets: [sheet] });
  const ws = (await load(content)).worksheets[0]!;
  return { content, ws };
};

interface Part {
  name: string;
  method: number;
  data: Buffer;
}

/**
 * The zip's parts, read from its central directory and checked against each local header and
 * checksum: a second, stricter look than the reader's at the container the writer makes.
 */
const unzip = (buf: Buffer): Part[] => {
  const end = buf.length - 22;
  expect(buf.readUInt32LE(end)).toBe(0x06054b50);
  const count = buf.readUInt16LE(end + 10);
  expect(buf.readUInt16LE(end + 8)).toBe(count);
  const size = buf.readUInt32LE(end + 12);
  const start = buf.readUInt32LE(end + 16);
  expect(start + size).toBe(end);
  const parts: Part[] = [];
  let p = start;
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressed = buf.readUInt32LE(p + 20);
    const length = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    const at = buf.readUInt32LE(p + 42);
    // The local header says what the directory says.
    expect(buf.readUInt32LE(at)).toBe(0x04034b50);
    expect(buf.readUInt16LE(at + 8)).toBe(method);
    expect(buf.readUInt32LE(at + 14)).toBe(crc);
    expect(buf.readUInt32LE(at + 18)).toBe(compressed);
    expect(buf.readUInt32LE(at + 22)).toBe(length);
    expect(buf.toString('utf8', at + 30, at + 30 + buf.readUInt16LE(at + 26))).toBe(name);
    const from = at + 30 + nameLength + buf.readUInt16LE(at + 28);
    const raw = buf.subarray(from, from + compressed);
    expect([0, 8]).toContain(method);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    expect(data.length).toBe(length);
    expect(crc32(data)).toBe(crc);
    parts.push({ name, method, data });
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  expect(p).toBe(end);
  return parts;
};

const partText = (content: Buffer, name: string): string => {
  const part = unzip(content).find((p) => p.name === name);
  if (!part) throw new Error(`no part ${name}`);
  return part.data.toString('utf8');
};

const ledger: XlsxSheet = {
  name: '督办台账',
  columns: [
    { header: '序号', kind: 'number' },
    { header: '单位名称' },
    { header: '身份证号', kind: 'text' },
    { header: '编制数', kind: 'number' },
    { header: '办结日期', kind: 'date' },
    { header: '备注' },
  ],
  rows: [
    [1, '中共某市委机构编制委员会办公室', '110101199001011234', 12, '2024-03-01', '按期办结'],
    [2, '市财政局', 110101199001011, '7', '2023-12-31', null],
    [3, 'Bureau of Finance 财政', '000123', 3.5, '待定', undefined],
    [4, '市教育局'],
  ],
};

describe('xlsx writer: cells', () => {
  it('writes Chinese text, numbers and dates that exceljs and the import reader read back as such', async () => {
    const { content, ws } = await oneSheet(ledger);

    expect(ws.name).toBe('督办台账');
    expect(ws.getCell('B2').value).toBe('中共某市委机构编制委员会办公室');
    expect(ws.getCell('B2').type).toBe(ExcelJS.ValueType.String);
    // A number column: numbers, and a decimal given as a string, are numbers (they sum).
    expect(ws.getCell('A2').value).toBe(1);
    expect(ws.getCell('D2').value).toBe(12);
    expect(ws.getCell('D3').value).toBe(7);
    expect(ws.getCell('D3').type).toBe(ExcelJS.ValueType.Number);
    expect(ws.getCell('D4').value).toBe(3.5);
    // A text column keeps an ID's leading zeros and all 18 digits; a number there is text too.
    expect(ws.getCell('C2').value).toBe('110101199001011234');
    expect(ws.getCell('C3').value).toBe('110101199001011');
    expect(ws.getCell('C3').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('C4').value).toBe('000123');
    // Dates are real dates with a yyyy-mm-dd format, so they sort and filter as dates.
    expect(ws.getCell('E2').type).toBe(ExcelJS.ValueType.Date);
    expect(ws.getCell('E2').value).toEqual(new Date('2024-03-01T00:00:00Z'));
    expect(ws.getCell('E2').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('E3').value).toEqual(new Date('2023-12-31T00:00:00Z'));
    // What is not a date in a date column is kept as the text it was.
    expect(ws.getCell('E4').value).toBe('待定');
    expect(ws.getCell('E4').type).toBe(ExcelJS.ValueType.String);
    // Null, undefined and missing cells are empty.
    expect(ws.getCell('F3').value).toBeNull();
    expect(ws.getCell('F4').value).toBeNull();
    expect(ws.getCell('C5').value).toBeNull();

    expect(ownCells(content)).toEqual({
      1: ['序号', '单位名称', '身份证号', '编制数', '办结日期', '备注'],
      2: [1, '中共某市委机构编制委员会办公室', '110101199001011234', 12, '2024-03-01', '按期办结'],
      3: [2, '市财政局', '110101199001011', 7, '2023-12-31', null],
      4: [3, 'Bureau of Finance 财政', '000123', 3.5, '待定', null],
      5: [4, '市教育局', null, null, null, null],
    });
  });

  it('without a kind, writes numbers as numbers and strings as text; NaN and Infinity as empty cells', async () => {
    const { content, ws } = await oneSheet({
      name: 'x',
      columns: [{ header: 'a' }, { header: 'b' }, { header: 'c' }, { header: 'd' }],
      rows: [[42, '42', Number.NaN, Number.POSITIVE_INFINITY]],
    });
    expect(ws.getCell('A2').value).toBe(42);
    expect(ws.getCell('B2').value).toBe('42');
    expect(ws.getCell('C2').value).toBeNull();
    expect(ws.getCell('D2').value).toBeNull();
    expect(ownCells(content)[2]).toEqual([42, '42', null, null]);
  });

  it('writes dates from 1900 on as Excel numbers them, leap day that never was included', () => {
    expect(dateSerial('1900-01-01')).toBe(1);
    expect(dateSerial('1900-02-28')).toBe(59);
    expect(dateSerial('1900-03-01')).toBe(61);
    expect(dateSerial('1970-01-01')).toBe(25_569);
    expect(dateSerial('2024-01-01')).toBe(45_292);
    expect(dateSerial('9999-12-31')).toBe(2_958_465);
    for (const notADate of ['1899-12-31', '2023-02-29', '2024-13-01', '2024-04-31', '2024-1-1', '2024-01-01T00:00:00Z', '20240101', '']) {
      expect(dateSerial(notADate), notADate).toBeUndefined();
    }
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(serialToDate(dateSerial(iso)!, false)).toBe(iso);
      }),
    );
  });

  it('reads early 1900 dates back through the import reader (exceljs itself is a day off before March 1900)', () => {
    const content = writeXlsx({
      sheets: [{ name: 'd', columns: [{ header: '日期', kind: 'date' }], rows: [['1900-01-01'], ['1900-02-28'], ['1900-03-01'], [' 2024-02-29 ']] }],
    });
    expect(ownCells(content)).toEqual({ 1: ['日期'], 2: ['1900-01-01'], 3: ['1900-02-28'], 4: ['1900-03-01'], 5: ['2024-02-29'] });
  });

  it('escapes XML and keeps text exactly: <, &, quotes, leading spaces, line breaks, and Excel’s own _x0041_ escapes', async () => {
    const values = ['a < b && c > "d" \'e\'', '  two leading spaces', 'trailing ', '第一行\n第二行', 'tab\there', ']]><![CDATA[', '_x0041_ stays'];
    const { content, ws } = await oneSheet({ name: 's', columns: [{ header: '内容' }], rows: values.map((v) => [v]) });
    expect(
      openXlsx(content)
        .read()
        .slice(1)
        .map((r) => r.cells[0]),
    ).toEqual(values);
    // exceljs does not decode Excel's _xHHHH_ escapes; Excel and the import reader do.
    values.slice(0, -1).forEach((v, i) => {
      expect(ws.getCell(`A${i + 2}`).value).toBe(v);
    });
    expect(partText(content, 'xl/worksheets/sheet1.xml')).toContain('_x005F_x0041_ stays');
  });

  it('turns carriage returns into the line breaks Excel shows', async () => {
    const { content, ws } = await oneSheet({ name: 's', columns: [{ header: '内容' }], rows: [['一\r\n二\r三']] });
    expect(ws.getCell('A2').value).toBe('一\n二\n三');
    expect(ownCells(content)[2]).toEqual(['一\n二\n三']);
  });

  it('drops the characters XML 1.0 forbids instead of writing a corrupt file, in cells, headers, titles and sheet names', async () => {
    const dirty = 'a\u0000b\u0001c\u0007d\u000be\u000cf\u001bg\u001fh\uFFFEi\uFFFFj\uD800k\uDC00l';
    const content = writeXlsx({
      sheets: [{ name: `名\u0000册${dirty}`, title: `标\u0008题`, columns: [{ header: `姓\u0002名` }], rows: [[dirty], ['😀 kept\ttab\nline']] }],
    });
    const xml = unzip(content).map((p) => p.data.toString('utf8'));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for exactly these characters.
    for (const part of xml) expect(part).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\uFFFD/);

    const wb = await load(content);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('名册abcdefghijkl');
    expect(ws.getCell('A1').value).toBe('标题');
    expect(ws.getCell('A2').value).toBe('姓名');
    expect(ws.getCell('A3').value).toBe('abcdefghijkl');
    expect(ws.getCell('A4').value).toBe('😀 kept\ttab\nline');
    expect(openXlsx(content).sheets[0]!.name).toBe('名册abcdefghijkl');
    expect(ownCells(content)).toEqual({ 1: ['标题'], 2: ['姓名'], 3: ['abcdefghijkl'], 4: ['😀 kept\ttab\nline'] });
  });

  it('reads any text back as written, but for forbidden characters and line ends (property)', () => {
    const unit = fc.oneof(
      fc.constantFrom(
        '\u0000',
        '\u0008',
        '\u000b',
        '\r',
        '\n',
        '\t',
        ' ',
        '\uD800',
        '\uDC00',
        '\uFFFE',
        '_x0041_',
        '_x',
        '&',
        '<',
        '>',
        '"',
        "'",
        '=',
        '@',
        '中',
        '＝',
      ),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.array(fc.string({ unit, maxLength: 12 }), { minLength: 1, maxLength: 5 }), (texts) => {
        const content = writeXlsx({ sheets: [{ name: 't', columns: [{ header: 'h' }], rows: texts.map((t) => [t]) }] });
        const read = openXlsx(content)
          .read()
          .slice(1)
          .map((r) => r.cells[0]);
        const want = texts.map((t) => (cellText(t) === '' ? null : cellText(t)));
        // Trailing empty rows are rows with an empty cell, read as such.
        expect(read).toEqual(want);
      }),
      { numRuns: 150 },
    );
  });

  it('cuts text at the 32,767 characters a cell holds, never inside a surrogate pair', async () => {
    const long = `${'中'.repeat(32_766)}😀tail`;
    expect(cellText(long)).toHaveLength(32_766);
    const { ws } = await oneSheet({ name: 's', columns: [{ header: 'h' }], rows: [['x'.repeat(40_000)], [long]] });
    expect(String(ws.getCell('A2').value)).toHaveLength(32_767);
    expect(ws.getCell('A3').value).toBe('中'.repeat(32_766));
  });
});

describe('xlsx writer: formula injection', () => {
  const formulas = ['=1+1', '+SUM(A1:A9)', '-2+3', '@SUM(A1)', '=HYPERLINK("http://evil.example","点击")', '\t=1+1', '\r=1+1', '＝1+1', "=cmd|' /C calc'!A0"];

  it('writes text that starts like a formula as text, never as a formula', async () => {
    const { content, ws } = await oneSheet({ name: 's', columns: [{ header: '备注' }, { header: '数值', kind: 'number' }], rows: formulas.map((f) => [f, f]) });
    formulas.forEach((f, i) => {
      const want = f.replace(/\r/g, '\n');
      for (const col of ['A', 'B']) {
        const cell = ws.getCell(`${col}${i + 2}`);
        expect(cell.type, f).toBe(ExcelJS.ValueType.String);
        expect(cell.formula, f).toBeUndefined();
        expect(cell.value, f).toBe(want);
      }
    });
    expect(
      openXlsx(content)
        .read()
        .slice(1)
        .map((r) => r.cells),
    ).toEqual(formulas.map((f) => [f.replace(/\r/g, '\n'), f.replace(/\r/g, '\n')]));

    // No formula element anywhere, and every text cell is an inline string (never a formula).
    const sheet = partText(content, 'xl/worksheets/sheet1.xml');
    expect(sheet).not.toMatch(/<f[\s>/]/);
    expect(sheet).not.toMatch(/t="(?:str|s)"/);
    const textCells = [...sheet.matchAll(/<c [^>]*>/g)].map((m) => m[0]).filter((c) => !c.endsWith('/>') && !/<c r="[A-Z]+\d+" s="\d+">/.test(c));
    expect(textCells.length).toBe(formulas.length * 2 + 2);
    for (const c of textCells) expect(c).toContain('t="inlineStr"');
  });

  it('gives formula-looking text Excel’s quote prefix, so it stays text when a clerk edits the cell', () => {
    const content = writeXlsx({ sheets: [{ name: 's', columns: [{ header: '备注' }], rows: [['=1+1'], ['普通文本'], ['-5'], [-5]] }] });
    const sheet = partText(content, 'xl/worksheets/sheet1.xml');
    const xfs = [
      ...partText(content, 'xl/styles.xml')
        .split('<cellXfs')[1]!
        .split('</cellXfs>')[0]!
        .matchAll(/<xf [^>]*>/g),
    ].map((m) => m[0]);
    const styleOf = (ref: string) => xfs[Number(new RegExp(`<c r="${ref}" s="(\\d+)"`).exec(sheet)![1])]!;
    expect(styleOf('A2')).toContain('quotePrefix="1"');
    expect(styleOf('A3')).not.toContain('quotePrefix');
    expect(styleOf('A4')).toContain('quotePrefix="1"');
    // A negative number is a number, not text: nothing to quote.
    expect(styleOf('A5')).not.toContain('quotePrefix');
    expect(ownCells(content)[5]).toEqual([-5]);
    expect(looksLikeFormula('=1')).toBe(true);
    expect(looksLikeFormula('＠x')).toBe(true);
    expect(looksLikeFormula('a=1')).toBe(false);
  });
});

describe('xlsx writer: the table', () => {
  it('writes the header in row 1, bold with a light fill and thin borders, frozen, with an autoFilter', async () => {
    const { content, ws } = await oneSheet(ledger);
    expect(ws.getRow(1).values).toEqual([undefined, '序号', '单位名称', '身份证号', '编制数', '办结日期', '备注']);
    for (let c = 1; c <= 6; c++) {
      const cell = ws.getRow(1).getCell(c);
      expect(cell.font?.bold).toBe(true);
      expect(cell.fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } });
      expect(cell.border?.top?.style).toBe('thin');
      expect(cell.border?.bottom?.style).toBe('thin');
      expect(cell.border?.left?.style).toBe('thin');
      expect(cell.border?.right?.style).toBe('thin');
    }
    // The body: bordered, not bold, not filled; empty cells bordered too so the grid is whole.
    expect(ws.getCell('B2').font?.bold).toBeFalsy();
    expect(ws.getCell('B2').fill).not.toMatchObject({ pattern: 'solid' });
    expect(ws.getCell('B2').border?.left?.style).toBe('thin');
    expect(ws.getCell('F5').border?.bottom?.style).toBe('thin');

    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, topLeftCell: 'A2' });
    expect(ws.autoFilter).toBe('A1:F5');
    expect(ws.rowCount).toBe(5);
    expect(ownCells(content)[1]).toEqual(['序号', '单位名称', '身份证号', '编制数', '办结日期', '备注']);
  });

  it('puts a title above the header, merged across the columns, and freezes both rows', async () => {
    const { content, ws } = await oneSheet({ ...ledger, title: '2024年度督办事项台账' });
    expect(ws.getCell('A1').value).toBe('2024年度督办事项台账');
    expect(ws.getCell('A1').font).toMatchObject({ bold: true, size: 14 });
    for (const ref of ['B1', 'C1', 'F1']) {
      expect(ws.getCell(ref).isMerged).toBe(true);
      expect(ws.getCell(ref).master.address).toBe('A1');
    }
    expect(ws.getCell('A2').isMerged).toBe(false);
    expect(ws.getRow(2).values).toEqual([undefined, '序号', '单位名称', '身份证号', '编制数', '办结日期', '备注']);
    expect(ws.getCell('A2').font?.bold).toBe(true);
    expect(ws.getCell('B3').value).toBe('中共某市委机构编制委员会办公室');
    expect(ws.getCell('E3').value).toEqual(new Date('2024-03-01T00:00:00Z'));
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2, topLeftCell: 'A3' });
    expect(ws.autoFilter).toBe('A2:F6');

    const rows = ownCells(content);
    // The import reader reads a merged range as its top-left cell's value in every cell.
    expect(rows[1]).toEqual(Array(6).fill('2024年度督办事项台账'));
    expect(rows[2]).toEqual(['序号', '单位名称', '身份证号', '编制数', '办结日期', '备注']);
    expect(rows[6]).toEqual([4, '市教育局', null, null, null, null]);

    // The print titles repeat both rows on every page.
    expect(partText(content, 'xl/workbook.xml')).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="0">'督办台账'!$1:$2</definedName>`);
  });

  it('writes a title over a single column without a merge', async () => {
    const { content, ws } = await oneSheet({ name: 's', title: '名单', columns: [{ header: '姓名' }], rows: [['张三']] });
    expect(ws.getCell('A1').value).toBe('名单');
    expect(ws.getCell('A1').isMerged).toBe(false);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(partText(content, 'xl/worksheets/sheet1.xml')).not.toContain('<mergeCell');
    expect(ownCells(content)).toEqual({ 1: ['名单'], 2: ['姓名'], 3: ['张三'] });
  });

  it('makes columns as wide as their content, a CJK character counting two, clamped; a given width is kept', async () => {
    const long = '因机构改革职能调整，原承担的行政审批职责划入市行政审批局，相关编制随职能划转，人员按有关规定妥善安置，具体事项另行发文明确';
    const { ws } = await oneSheet({
      name: 'w',
      columns: [
        { header: '单位名称' },
        { header: 'id' },
        { header: '备注' },
        { header: '序号', width: 4.5 },
        { header: 'Mixed' },
        { header: '日期', kind: 'date' },
        { header: '编制数', kind: 'number' },
        { header: '多行' },
      ],
      rows: [
        ['中共某市委机构编制委员会办公室', 'a', long, 1, 'ABC市直机关', '2024-01-01', 123_456, '短\n较长的一行文字'],
        ['市财政局', 'b', '', 2, null, null, 7, null],
      ],
    });
    // 15 CJK characters: 30 units, plus 2 of padding.
    expect(ws.getColumn(1).width).toBe(32);
    // Short content: the minimum.
    expect(ws.getColumn(2).width).toBe(MIN_WIDTH);
    // A long remark: the maximum (it wraps within).
    expect(ws.getColumn(3).width).toBe(MAX_WIDTH);
    expect(ws.getColumn(4).width).toBe(4.5);
    // 3 ASCII + 4 CJK: 11 units, plus 2.
    expect(ws.getColumn(5).width).toBe(13);
    // A date shows as its 10 characters.
    expect(ws.getColumn(6).width).toBe(12);
    // The header (3 CJK) and the number (6 digits) are both 6 units wide: 6 + 2.
    expect(ws.getColumn(7).width).toBe(8);
    // The longest line of several: 7 CJK.
    expect(ws.getColumn(8).width).toBe(16);
    expect(ws.getCell('C2').alignment?.wrapText).toBe(true);
  });

  it('counts display width as a clerk sees it', () => {
    expect(displayWidth('')).toBe(0);
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('编办')).toBe(4);
    expect(displayWidth('（全角）：，。')).toBe(14);
    expect(displayWidth('ＡＢ１')).toBe(6);
    expect(displayWidth('𠀀')).toBe(2);
    expect(displayWidth('a中b')).toBe(4);
    expect(displayWidth('一二三\nabcd\n五')).toBe(6);
  });
});

describe('xlsx writer: sheets', () => {
  it('writes several sheets, in order, each with its own table; the first is the one shown', async () => {
    const book: XlsxBook = {
      sheets: [
        { name: '单位', columns: [{ header: '单位名称' }, { header: '编制数', kind: 'number' }], rows: [['市财政局', 30]] },
        {
          name: '人员',
          title: '在编人员花名册',
          columns: [{ header: '姓名' }, { header: '入编日期', kind: 'date' }],
          rows: [
            ['张三', '2020-09-01'],
            ['李四', '2021-07-15'],
          ],
        },
        { name: '统计', columns: [{ header: '类别' }, { header: '合计', kind: 'number' }], rows: [] },
      ],
    };
    const content = writeXlsx(book);
    const wb = await load(content);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['单位', '人员', '统计']);
    const [units, people, stats] = wb.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect(units.getCell('A2').value).toBe('市财政局');
    expect(units.getCell('B2').value).toBe(30);
    expect(units.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(people.getCell('A1').value).toBe('在编人员花名册');
    expect(people.getCell('B4').value).toEqual(new Date('2021-07-15T00:00:00Z'));
    expect(people.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(stats.getRow(1).values).toEqual([undefined, '类别', '合计']);
    expect(stats.rowCount).toBe(1);

    const own = openXlsx(content);
    expect(own.sheets).toEqual([
      { name: '单位', hidden: false },
      { name: '人员', hidden: false },
      { name: '统计', hidden: false },
    ]);
    expect(ownCells(content, '人员')).toEqual({
      1: ['在编人员花名册', '在编人员花名册'],
      2: ['姓名', '入编日期'],
      3: ['张三', '2020-09-01'],
      4: ['李四', '2021-07-15'],
    });
    expect(ownCells(content, '统计')).toEqual({ 1: ['类别', '合计'] });

    const workbook = partText(content, 'xl/workbook.xml');
    expect(workbook).toContain(`<definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">'人员'!$A$2:$B$4</definedName>`);
    expect(partText(content, 'xl/worksheets/sheet1.xml')).toContain('tabSelected="1"');
    expect(partText(content, 'xl/worksheets/sheet2.xml')).not.toContain('tabSelected');
  });

  it('makes names Excel accepts: forbidden characters replaced, 31 characters at most, no duplicates, not blank', async () => {
    const names = [
      '2024/2025 [上半年]: 台账*?\\',
      '某某市某某区某某街道办事处综合行政执法队机构编制情况统计表（2024年）',
      '名册',
      '名册',
      'Sheet',
      'SHEET',
      '',
      "'引号'",
      " ' 空格与引号 ' ",
      'History',
      '某某市某某区某某街道办事处综合行政执法队机构编制情况统计表（2024年）',
    ];
    const fixed = sheetNames(names);
    expect(fixed).toEqual([
      '2024_2025 _上半年__ 台账___',
      '某某市某某区某某街道办事处综合行政执法队机构编制情况统计表（2',
      '名册',
      '名册(2)',
      'Sheet',
      'SHEET(2)',
      'Sheet7',
      '引号',
      '空格与引号',
      'History_',
      '某某市某某区某某街道办事处综合行政执法队机构编制情况统计(2)',
    ]);
    for (const n of fixed) {
      expect(n.length).toBeLessThanOrEqual(31);
      expect(n).not.toMatch(/[[\]:*?/\\]|^'|'$/);
    }
    const content = writeXlsx({ sheets: names.map((name) => ({ name, columns: [{ header: name || '空' }], rows: [] })) });
    expect((await load(content)).worksheets.map((w) => w.name)).toEqual(fixed);
    expect(openXlsx(content).sheets.map((s) => s.name)).toEqual(fixed);
  });

  it('never gives two sheets one name, nor an invalid one (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'A', '中', '/', '[', "'", ' ', '😀', '\u0000', ':'), maxLength: 40 }), { maxLength: 8 }),
        (names) => {
          const fixed = sheetNames(names);
          expect(fixed).toHaveLength(names.length);
          expect(new Set(fixed.map((n) => n.toLowerCase())).size).toBe(fixed.length);
          for (const n of fixed) {
            expect(n.length).toBeGreaterThan(0);
            expect(n.length).toBeLessThanOrEqual(31);
            // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for exactly these characters.
            expect(n).not.toMatch(/[[\]:*?/\\\u0000]|^'|'$|^\s|\s$|[\uD800-\uDBFF]$/);
          }
        },
      ),
    );
  });
});

describe('xlsx writer: the package', () => {
  it('is a zip whose local headers, directory and end record agree, with the parts an .xlsx has', () => {
    const content = writeXlsx({
      sheets: [ledger, { ...ledger, name: '第二页' }],
      properties: { title: '台账 & 名册', creator: '编办', created: new Date('2024-05-01T08:00:00Z') },
    });
    const parts = unzip(content);
    expect(parts.map((p) => p.name).sort()).toEqual(
      [
        '[Content_Types].xml',
        '_rels/.rels',
        'docProps/core.xml',
        'xl/workbook.xml',
        'xl/_rels/workbook.xml.rels',
        'xl/styles.xml',
        'xl/worksheets/sheet1.xml',
        'xl/worksheets/sheet2.xml',
      ].sort(),
    );
    expect(parts.some((p) => p.method === 8)).toBe(true);
    const types = partText(content, '[Content_Types].xml');
    for (const p of parts.filter((x) => !x.name.endsWith('.rels') && x.name !== '[Content_Types].xml')) expect(types).toContain(`PartName="/${p.name}"`);
    expect(partText(content, 'docProps/core.xml')).toContain('<dc:title>台账 &amp; 名册</dc:title>');
    expect(partText(content, 'docProps/core.xml')).toContain('2024-05-01T08:00:00Z');
  });

  it('writes the same bytes for the same workbook', () => {
    expect(writeXlsx({ sheets: [ledger] }).equals(writeXlsx({ sheets: [ledger] }))).toBe(true);
  });

  it('holds a roster of thousands of rows', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [`人员${i}`, `1101011990${String(i).padStart(8, '0')}`, '2020-01-01', i]);
    const content = writeXlsx({
      sheets: [
        { name: '花名册', columns: [{ header: '姓名' }, { header: '身份证号', kind: 'text' }, { header: '日期', kind: 'date' }, { header: '序号' }], rows },
      ],
    });
    const read = openXlsx(content).read();
    expect(read).toHaveLength(5001);
    expect(read[5000]!.cells).toEqual(['人员4999', '110101199000004999', '2020-01-01', 4999]);
    const ws = (await load(content)).worksheets[0]!;
    expect(ws.rowCount).toBe(5001);
  });

  it('refuses what is a programming error, saying what is wrong', () => {
    const thrown = (book: XlsxBook) => {
      try {
        writeXlsx(book);
      } catch (e) {
        expect(e).toBeInstanceOf(XlsxWriteError);
        return (e as Error).message;
      }
      throw new Error('written without complaint');
    };
    expect(thrown({ sheets: [] })).toBe('a workbook needs at least one sheet');
    expect(thrown({ sheets: [{ name: '表', columns: [], rows: [] }] })).toBe('sheet "表" has no columns');
    expect(thrown({ sheets: [{ name: '表', columns: [{ header: 'a' }], rows: [['x'], ['y', 'z']] }] })).toBe(
      'sheet "表", row 2 of the rows has 2 cells; the sheet has 1 columns',
    );
  });
});
