/**
 * The .xlsx reader: what Excel and WPS write (here written by exceljs, and by hand for what
 * exceljs does not write), read as read-table read it with exceljs before; and refusals, with
 * their reasons, of what cannot be read safely.
 */

import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cell, readTable, type Sheet, TableReadError, type TableRow } from '../../shared/import/read-table.ts';
import { isDateFormat, openXlsx, serialToDate, XlsxError, type XlsxLimits } from '../../shared/import/xlsx.ts';
import { type Package, stylesXml, xlsxPackage, zip } from '../support/zip.ts';

const written = async (build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> => {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
};

/** Every row's cells, by row number. */
const cellsOf = (content: Buffer, sheet?: string) =>
  Object.fromEntries(
    openXlsx(content)
      .read(sheet)
      .map((r) => [r.row, r.cells]),
  );

/** What read-table did with exceljs before the reader of its own (kept here as the reference). */
const readWithExcelJs = async (content: Buffer): Promise<Sheet[]> => {
  const cellValue = (v: ExcelJS.CellValue): Cell => {
    if (v === null || v === undefined) return null;
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v === 'object') {
      if ('richText' in v) return v.richText.map((t) => t.text).join('');
      if ('result' in v) return cellValue(v.result as ExcelJS.CellValue);
      if ('text' in v) return String(v.text);
      return String(v);
    }
    return typeof v === 'string' ? v : (v as number | boolean);
  };
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const grid: Cell[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col - 1] = cellValue(cell.value);
      });
      grid[n - 1] = cells;
    });
    for (let i = 0; i < grid.length; i++) grid[i] ??= [];
    const [header, ...body] = grid;
    if (!header) return { name: ws.name, headers: [], rows: [] };
    const headers = header.map((h) => String(h ?? '').trim());
    const rows: TableRow[] = [];
    body.forEach((cells, i) => {
      if (cells.every((c) => c === null || String(c).trim() === '')) return;
      rows.push({ row: i + 2, values: Object.fromEntries(headers.map((h, j) => [h, cells[j] ?? null])) });
    });
    return { name: ws.name, headers, rows };
  });
};

const refusal = (content: Buffer, limits?: Partial<XlsxLimits>): XlsxError => {
  try {
    openXlsx(content, limits).read();
  } catch (e) {
    if (e instanceof XlsxError) return e;
    throw e;
  }
  throw new Error('read without complaint');
};

const sheetWith = (body: string, extra: Partial<Package> = {}) => xlsxPackage({ sheets: { 人员: body }, ...extra });

describe('xlsx reader: what Excel and WPS write', () => {
  it('reads an exceljs workbook cell by cell: text, numbers, an ID stored as a number, booleans, dates, rich text, formulas, merges, AA…', async () => {
    const content = await written((wb) => {
      const ws = wb.addWorksheet('人员 & 单位');
      ws.addRow(['身份证号', '姓名', '入编时间', '在编']);
      ws.addRow([421202199001020031, '  钱进 𠀀𬌗 <&>"\' ', new Date(Date.UTC(2026, 1, 1, 18, 30)), true]);
      ws.getCell('B3').value = { richText: [{ text: '赵', font: { bold: true } }, { text: '敏' }] };
      ws.getCell('C3').value = { formula: 'B3&"x"', result: '赵敏x' };
      ws.getCell('D3').value = { formula: '1+1', result: 2 };
      ws.getCell('A4').value = { text: '链接', hyperlink: 'https://example.org/' };
      ws.getCell('B4').value = 46054;
      ws.getCell('B4').numFmt = 'yyyy"年"m"月"d"日"';
      ws.getCell('C4').value = 3.5;
      ws.getCell('C4').numFmt = '0.00" days"';
      ws.getCell('AB6').value = '远列';
      ws.getCell('E2').value = '合并';
      ws.mergeCells('E2:F3');
      wb.addWorksheet('第二页').addRow(['单位代码']);
    });
    const wb = openXlsx(content);
    expect(wb.sheets).toEqual([
      { name: '人员 & 单位', hidden: false },
      { name: '第二页', hidden: false },
    ]);
    const rows = cellsOf(content);
    expect(rows[1]).toEqual(['身份证号', '姓名', '入编时间', '在编']);
    expect(rows[2]).toEqual([421202199001020031, '  钱进 𠀀𬌗 <&>"\' ', '2026-02-01', true, '合并', '合并']);
    expect(typeof rows[2]![0]).toBe('number');
    expect(rows[3]).toEqual([null, '赵敏', '赵敏x', 2, '合并', '合并']);
    expect(rows[4]).toEqual(['链接', '2026-02-01', 3.5]);
    expect(rows[5]).toBeUndefined();
    expect(rows[6]![27]).toBe('远列');
    expect(rows[6]!.slice(0, 27).every((c) => c === null)).toBe(true);
    expect(cellsOf(content, '第二页')).toEqual({ 1: ['单位代码'] });
  });

  it('gives read-table the sheets exceljs gave it, on random workbooks', async () => {
    const char = fc.constantFrom(
      'a',
      'Z',
      '0',
      ' ',
      '<',
      '>',
      '&',
      '"',
      "'",
      '\n',
      '\t',
      '中',
      '国',
      '张',
      '𠀀',
      '𬌗',
      '·',
      'é',
      '_',
      'x',
      '_x000D_',
      '&amp;',
      ']]>',
    );
    const text = fc.array(char, { maxLength: 8 }).map((a) => a.join(''));
    const value: fc.Arbitrary<ExcelJS.CellValue> = fc.oneof(
      { arbitrary: text, weight: 5 },
      { arbitrary: fc.integer({ min: -1e6, max: 1e6 }), weight: 2 },
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(421202199001020031, 110105194912310021, 0, -0, 1e21, 5e-324),
      fc.boolean(),
      fc
        .date({ min: new Date('1900-03-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000)),
      fc.array(text, { minLength: 1, maxLength: 3 }).map((parts) => ({ richText: parts.map((t, i) => ({ text: t, font: { bold: i % 2 === 0 } })) })),
      // Not kept from exceljs, for a formula's result: text unescaped twice ("&amp;" typed read as "&"), Excel's _x000D_
      // escapes left as they are, and an empty text or false read as "[object Object]".
      fc
        .oneof(
          fc.integer(),
          fc.constant(true),
          text.filter((t) => t !== '' && !t.includes('&') && !t.includes('_x')),
        )
        .map((result) => ({ formula: 'ROW()', result }) as ExcelJS.CellValue),
      text.map((t) => ({ text: t, hyperlink: 'https://example.org/' }) as ExcelJS.CellValue),
      fc.constant(null),
    );
    const cell = fc.record({ row: fc.integer({ min: 1, max: 12 }), col: fc.integer({ min: 1, max: 30 }), value });
    const range = fc.record({
      row: fc.integer({ min: 1, max: 12 }),
      col: fc.integer({ min: 1, max: 30 }),
      rows: fc.integer({ min: 0, max: 2 }),
      cols: fc.integer({ min: 0, max: 2 }),
    });
    const sheet = fc.record({ cells: fc.array(cell, { maxLength: 40 }), merges: fc.array(range, { maxLength: 3 }), hidden: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(sheet, { minLength: 1, maxLength: 3 }), async (sheets) => {
        const content = await written((wb) => {
          sheets.forEach((s, i) => {
            const ws = wb.addWorksheet(['人员', 'A&B', "O'Neil 名册"][i]!);
            if (s.hidden && i > 0) ws.state = 'hidden';
            for (const c of s.cells) ws.getCell(c.row, c.col).value = c.value;
            const taken = new Set<string>();
            for (const m of s.merges) {
              const cells = Array.from(
                { length: (m.rows + 1) * (m.cols + 1) },
                (_, k) => `${m.row + Math.floor(k / (m.cols + 1))}:${m.col + (k % (m.cols + 1))}`,
              );
              if (cells.length === 1 || cells.some((k) => taken.has(k))) continue;
              for (const k of cells) taken.add(k);
              ws.mergeCells(m.row, m.col, m.row + m.rows, m.col + m.cols);
            }
          });
        });
        expect(await readTable('名册.xlsx', content)).toEqual(await readWithExcelJs(content));
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('reads a roster as Excel 2016 and WPS lay it out: extension namespaces, spans, phonetic properties, an ID in E notation, a CJK date format', () => {
    const main =
      'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
    const mc =
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac xr" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision"';
    const content = xlsxPackage({
      sheets: {
        人员名册:
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet ${main} ${mc} xr:uid="{00000000-0001-0000-0000-000000000000}"><sheetPr><tabColor rgb="FFFF0000"/></sheetPr><dimension ref="A1:F3"/>` +
          `<sheetViews><sheetView tabSelected="1" workbookViewId="0"><selection activeCell="F3" sqref="F3"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="13.5" x14ac:dyDescent="0.15"/>` +
          `<cols><col min="1" max="1" width="21.125" style="1" customWidth="1"/></cols><sheetData>` +
          `<row r="1" spans="1:6" x14ac:dyDescent="0.15"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>` +
          `<row r="2" spans="1:6" x14ac:dyDescent="0.15"><c r="A2" s="1" t="s"><v>6</v></c><c r="B2" t="s"><v>7</v></c><c r="C2" t="s"><v>8</v></c><c r="D2" t="s"><v>9</v></c><c r="E2" t="s"><v>10</v></c><c r="F2" s="2"><v>43101</v></c></row>` +
          `<row r="3" spans="1:6" ht="14.25" customHeight="1" x14ac:dyDescent="0.15"><c r="A3"><v>4.21202199001021E+17</v></c><c r="B3" t="s"><v>11</v></c><c r="C3" t="s"><v>8</v></c><c r="D3" t="s"><v>9</v></c><c r="E3" s="3"/><c r="F3" s="3"><v>45352</v></c></row>` +
          `</sheetData><autoFilter ref="A1:F3"/><phoneticPr fontId="1" type="noConversion"/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="portrait" r:id="rId1"/></worksheet>`,
      },
      sharedStrings: ['身份证号', '姓名', '单位代码', '编制类型', '岗位', '入编时间', '42120219900102003X', '赵敏', 'd001', '行政编制', '科员', '钱进'].map(
        (t) => `<si><t>${t}</t><phoneticPr fontId="1" type="noConversion"/></si>`,
      ),
      styles:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<styleSheet ${main} ${mc}><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@"/></numFmts>` +
        `<fonts count="1" x14ac:knownFonts="1"><font><sz val="11"/><name val="宋体"/><family val="2"/><charset val="134"/><scheme val="minor"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>` +
        `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"><alignment vertical="center"/></xf></cellStyleXfs>` +
        `<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"><alignment vertical="center"/></xf><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="center"/></xf>` +
        `<xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="31" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>` +
        `<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>`,
      parts: {
        'xl/workbook.xml':
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<workbook ${main} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15"><fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="22228"/><workbookPr filterPrivacy="1" defaultThemeVersion="124226"/>` +
          `<mc:AlternateContent><mc:Choice Requires="x15"><x15ac:absPath url="C:\\Users\\编办\\Desktop\\" xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/></mc:Choice></mc:AlternateContent>` +
          `<bookViews><workbookView xWindow="240" yWindow="105" windowWidth="14805" windowHeight="8010"/></bookViews><sheets><sheet name="人员名册" sheetId="1" r:id="rId1"/></sheets>` +
          `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">人员名册!$A$1:$F$3</definedName></definedNames><calcPr calcId="162913"/></workbook>`,
      },
    });
    expect(cellsOf(content)).toEqual({
      1: ['身份证号', '姓名', '单位代码', '编制类型', '岗位', '入编时间'],
      2: ['42120219900102003X', '赵敏', 'd001', '行政编制', '科员', '2018-01-01'],
      3: [421202199001021000, '钱进', 'd001', '行政编制', null, '2024-03-01'],
    });
  });

  it('reads shared strings: rich text runs joined, phonetic guides left out, preserved spaces, entities, character references, _x escapes', () => {
    const content = sheetWith(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c></row>',
      {
        sharedStrings: [
          '<r><rPr><b/><sz val="11"/></rPr><t>咸宁市</t></r><r><t xml:space="preserve"> 教育局 </t></r>',
          '<t>湖北</t><rPh sb="0" eb="2"><t>フーペイ</t></rPh><phoneticPr fontId="1"/>',
          '<t xml:space="preserve">  两端有空格  </t>',
          '<t>&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos; &#x20000;&#131072; &#x4E2D;</t>',
          '<t>第一行_x000D_\n第二行 _x005F_x000D_</t>',
          '<t/>',
          '<r><t xml:space="preserve"/></r><r><rPr><b/></rPr><t>后</t></r><rPh sb="0" eb="0"/><r><t xml:space="preserve" /></r>',
        ],
      },
    );
    expect(cellsOf(content)[1]).toEqual(['咸宁市 教育局 ', '湖北', '  两端有空格  ', '<a> & "b" \'c\' 𠀀𠀀 中', '第一行\r\n第二行 _x000D_', '', '后']);
  });

  it('reads inline strings, formula results as text, booleans and error values', () => {
    const content = sheetWith(
      '<row r="2"><c r="A2" t="inlineStr"><is><t>内联 &amp; 文本</t></is></c><c r="B2" t="inlineStr"><is><r><t>富</t></r><r><rPr><i/></rPr><t>文本</t></r></is></c>' +
        '<c r="C2" t="str"><f>A2&amp;"!"</f><v>内联 &amp; 文本!</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="b"><v>0</v></c><c r="F2" t="e"><v>#N/A</v></c><c r="G2" t="e"><f>1/0</f><v>#DIV/0!</v></c>' +
        '<c r="H2"><f>1+1</f></c><c r="I2"><v>-1.5E-3</v></c><c r="J2" t="n"><v> 42 </v></c></row>',
    );
    expect(cellsOf(content)[2]).toEqual(['内联 & 文本', '富文本', '内联 & 文本!', true, false, '#N/A', '#DIV/0!', null, -0.0015, 42]);
  });

  it('places cells by their references: missing cells and rows, columns past Z, and cells or rows without one', () => {
    const content = sheetWith(
      '<row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>3</v></c></row>' +
        '<row r="4"><c r="Z4"><v>26</v></c><c r="AA4"><v>27</v></c><c r="AZ4"><v>52</v></c></row>' +
        '<row r="5" spans="1:3"><c><v>1</v></c><c><v>2</v></c><c r="E5"><v>5</v></c><c><v>6</v></c></row>' +
        '<row><c><v>7</v></c></row>' +
        '<row r="9"/><row r="10"><c r="B10" s="0"/></row>',
    );
    const rows = openXlsx(content).read();
    expect(rows.map((r) => r.row)).toEqual([1, 4, 5, 6, 10]);
    const byRow = Object.fromEntries(rows.map((r) => [r.row, r.cells]));
    expect(byRow[1]).toEqual([1, null, 3]);
    expect(byRow[4]!.length).toBe(52);
    expect([byRow[4]![25], byRow[4]![26], byRow[4]![51]]).toEqual([26, 27, 52]);
    expect(byRow[5]).toEqual([1, 2, null, null, 5, 6]);
    expect(byRow[6]).toEqual([7]);
    expect(byRow[10]).toEqual([null, null]);
  });

  it('reads elements with a namespace prefix, absolute relationship targets, stored parts and UTF-16', () => {
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const prefixed = `<x:worksheet xmlns:x="${ns}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c><x:c r="B1"><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    const content = xlsxPackage({
      sheets: { 表: prefixed },
      method: 0,
      parts: {
        'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>`,
      },
    });
    expect(cellsOf(content)).toEqual({ 1: ['前缀', 2] });
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`<worksheet xmlns="${ns}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>十六位</t></is></c></row></sheetData></worksheet>`, 'utf16le'),
    ]);
    expect(cellsOf(zipWithSheet(utf16))).toEqual({ 1: ['十六位'] });
  });

  it('tells dates by the cell style: built-in formats (CJK ones too) and custom codes with y, m or d outside quotes', () => {
    const styles = stylesXml([14, 31, 57, 58, 22, 0, 49, 164, 165, 166, 167, 2], {
      164: 'yyyy"年"m"月"d"日";@',
      165: '[$-804]yyyy/m/d',
      166: '0" days"',
      167: '[Red]#,##0;"d"0',
    });
    const cells = Array.from({ length: 13 }, (_, i) => `<c r="${String.fromCharCode(65 + i)}1" s="${i}"><v>46054.75</v></c>`).join('');
    const content = sheetWith(`<row r="1">${cells}</row>`, { styles });
    expect(cellsOf(content)[1]).toEqual([
      46054.75,
      '2026-02-01',
      '2026-02-01',
      '2026-02-01',
      '2026-02-01',
      '2026-02-01',
      46054.75,
      46054.75,
      '2026-02-01',
      '2026-02-01',
      46054.75,
      46054.75,
      46054.75,
    ]);
    expect(['mm-dd-yy', 'YYYY-MM-DD', 'h:mm', '[$-F800]dddd, mmmm dd, yyyy', 'yyyy\\-mm\\-dd'].map(isDateFormat)).toEqual([true, true, true, true, true]);
    expect(['General', '0.00', '#,##0 "元"', '"yyyy"0', '[Red]0.00_);(0.00)', '_-* #,##0_-', '0.00E+00', '@'].map(isDateFormat)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('counts days as Excel does: the 1900 leap-year bug and the 1904 date system', () => {
    expect([1, 59, 60, 61, 45658, 2958465].map((n) => serialToDate(n, false))).toEqual([
      '1900-01-01',
      '1900-02-28',
      '1900-02-29',
      '1900-03-01',
      '2025-01-01',
      '9999-12-31',
    ]);
    expect([0, 1, 44196, 44196.999999999].map((n) => serialToDate(n, true))).toEqual(['1904-01-01', '1904-01-02', '2025-01-01', '2025-01-02']);
    expect([-1, 3e7].map((n) => serialToDate(n, false))).toEqual([-1, 3e7]);
    const content = sheetWith(
      '<row r="1"><c r="A1" s="1"><v>44196</v></c><c r="B1" s="1" t="str"><v>2021-01-01</v></c><c r="C1" t="d"><v>2026-02-01T00:00:00</v></c></row>',
      {
        styles: stylesXml([14]),
        date1904: true,
      },
    );
    expect(openXlsx(content).date1904).toBe(true);
    expect(cellsOf(content)[1]).toEqual(['2025-01-01', '2021-01-01', '2026-02-01']);
  });

  it('reads the first worksheet, or the one asked for; lists hidden ones and leaves chart sheets out', () => {
    const content = xlsxPackage({
      sheets: {
        封面: '<row r="1"><c r="A1" t="inlineStr"><is><t>一</t></is></c></row>',
        人员: '<row r="1"><c r="A1" t="inlineStr"><is><t>二</t></is></c></row>',
      },
      parts: {
        'xl/workbook.xml': `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="图表" sheetId="3" r:id="rId3"/><sheet name="封面" sheetId="1" r:id="rId1"/><sheet name="人员" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>`,
        'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>`,
      },
    });
    const wb = openXlsx(content);
    expect(wb.sheets).toEqual([
      { name: '封面', hidden: false },
      { name: '人员', hidden: true },
    ]);
    expect(wb.read()).toEqual([{ row: 1, cells: ['一'] }]);
    expect(wb.read('人员')).toEqual([{ row: 1, cells: ['二'] }]);
    expect(() => wb.read('名册')).toThrow(/no worksheet named "名册"/);
  });

  it('fills a merged range with its top-left value, as exceljs did', () => {
    const content = sheetWith(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>单位代码</t></is></c><c r="B1" t="inlineStr"><is><t>姓名</t></is></c></row>' +
        '<row r="2"><c r="A2" t="inlineStr"><is><t>d001</t></is></c><c r="B2" t="inlineStr"><is><t>甲</t></is></c></row>' +
        '<row r="3"><c r="A3" s="0"/><c r="B3" t="inlineStr"><is><t>乙</t></is></c></row>' +
        '<row r="4"><c r="B4" t="inlineStr"><is><t>丙</t></is></c></row></sheetData><mergeCells count="2"><mergeCell ref="A2:A4"/><mergeCell ref="D1:E1"/></mergeCells><sheetData>',
    );
    expect(cellsOf(content)).toEqual({ 1: ['单位代码', '姓名', null, null, null], 2: ['d001', '甲'], 3: ['d001', '乙'], 4: ['d001', '丙'] });
  });

  it('keeps read-table as it was for its callers: header row, row numbers, blank rows skipped, and an ID stored as a number', async () => {
    const content = await written((wb) => {
      const ws = wb.addWorksheet('人员');
      ws.addRow(['身份证号', ' 姓名 ', '入编时间']);
      ws.getCell('A3').value = 421202199001020031;
      ws.getCell('B3').value = '钱进';
      ws.getCell('C3').value = new Date(Date.UTC(2026, 1, 1));
      ws.getCell('B5').value = '  ';
      ws.getCell('A7').value = '42120219900102003X';
    });
    const sheets = await readTable('roster.xlsx', content);
    expect(sheets).toEqual([
      {
        name: '人员',
        headers: ['身份证号', '姓名', '入编时间'],
        rows: [
          { row: 3, values: { 身份证号: 421202199001020031, 姓名: '钱进', 入编时间: '2026-02-01' } },
          { row: 7, values: { 身份证号: '42120219900102003X', 姓名: null, 入编时间: null } },
        ],
      },
    ]);
    expect(sheets).toEqual(await readWithExcelJs(content));
  });
});

/** A package whose one worksheet is these bytes. */
const zipWithSheet = (sheet: Buffer) => {
  return zip([
    {
      name: '_rels/.rels',
      data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
  ]);
};

describe('xlsx reader: refusals', () => {
  const plain = sheetWith('<row r="1"><c r="A1"><v>1</v></c></row>');

  it('refuses what is not a zip, naming the file in read-table’s message, in Chinese without codes', async () => {
    for (const bytes of [Buffer.from('不是表格'), Buffer.alloc(0), Buffer.from('PK\x03\x04 cut short')]) {
      const e = await readTable('名册.xlsx', bytes).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(TableReadError);
      expect((e as TableReadError).message).toBe('名册.xlsx is not a readable .xlsx workbook');
      expect((e as TableReadError).messageZh).toBe('名册.xlsx 不是可以读取的电子表格工作簿');
    }
    expect(refusal(zip([{ name: 'word/document.xml', data: '<w:document/>' }])).message).toMatch(/zip archive but not an \.xlsx workbook/);
  });

  it('refuses a password-protected workbook (an OLE file with an encrypted package), an old .xls, and encrypted zip entries', () => {
    const ole = (inside: string) =>
      Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504), Buffer.from(inside, 'utf16le'), Buffer.alloc(512)]);
    expect(refusal(ole('EncryptedPackage')).message).toMatch(/protected by a password/);
    expect(refusal(ole('EncryptedPackage')).messageZh).toMatch(/密码/);
    expect(refusal(ole('Workbook')).message).toMatch(/old \.xls workbook/);
    const encrypted = zip([
      { name: '_rels/.rels', data: '<Relationships/>', flags: 1 },
      { name: 'xl/workbook.xml', data: '<workbook/>', flags: 1 },
    ]);
    expect(refusal(encrypted).message).toMatch(/protected by a password/);
    expect(refusal(zip([{ name: 'xl/workbook.xml', data: '<workbook/>', method: 99 }])).message).toMatch(/protected by a password/);
  });

  it('refuses zip64 and a compression method other than deflate or stored', () => {
    expect(refusal(zip([{ name: 'xl/workbook.xml', data: '<workbook/>' }], { zip64Locator: true })).message).toMatch(/zip64/);
    expect(refusal(zip([{ name: 'xl/workbook.xml', data: '<workbook/>' }], { entries: 0xffff })).message).toMatch(/zip64/);
    expect(refusal(zip([{ name: 'xl/workbook.xml', data: '<workbook/>', size: 0xffffffff }])).message).toMatch(/zip64/);
    const bzip2 = refusal(xlsxPackage({ sheets: { 人员: '<row r="1"/>' }, method: 12 }));
    expect(bzip2.message).toMatch(/compression method 12/);
    expect(bzip2.messageZh).toBe('使用了不支持的压缩方式（12），请在电子表格软件中重新保存');
  });

  it('refuses a file larger than an upload may be, before reading it', async () => {
    const e = await readTable('大.xlsx', Buffer.alloc(10 * 1024 * 1024 + 1)).catch((x: unknown) => x);
    expect((e as TableReadError).message).toBe('大.xlsx is 10 MB; a workbook to import can be at most 10 MB');
    expect(refusal(plain, { maxFileBytes: 100 }).message).toMatch(/at most 0 MB/);
  });

  it('refuses a zip bomb without inflating it: a part declared too big, a part that inflates past its declared size, too much in all', () => {
    const zeros = Buffer.alloc(80 * 1024 * 1024);
    const bomb = (size?: number) =>
      zip([
        { name: 'xl/workbook.xml', data: `<workbook xmlns:r="r"><sheets><sheet name="炸弹" sheetId="1" r:id="rId1"/></sheets></workbook>` },
        {
          name: 'xl/_rels/workbook.xml.rels',
          data: `<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
        },
        { name: 'xl/worksheets/sheet1.xml', data: zeros, size },
      ]);
    const declared = bomb();
    expect(declared.length).toBeLessThan(200_000);
    const started = Date.now();
    expect(refusal(declared).message).toMatch(/unpacks to more than 64 MB/);
    const lying = refusal(bomb(1000));
    expect(lying.message).toMatch(/damaged .*does not inflate to its declared size/);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(refusal(plain, { maxTotalBytes: 300 }).message).toMatch(/unpacks to more than 0 MB/);
    expect(refusal(plain, { maxPartBytes: 100 }).message).toMatch(/unpacks to more than 0 MB/);
  });

  it('refuses what is damaged: a wrong checksum, a part cut short, a missing worksheet, a shared string not there, a cell that is not a number', () => {
    const good = xlsxPackage({ sheets: { 人员: '<row r="1"><c r="A1"><v>1</v></c></row>' }, method: 0 });
    const flipped = Buffer.from(good);
    flipped[good.indexOf('<v>1</v>') + 3] = 0x32;
    expect(refusal(flipped).message).toMatch(/fails its checksum/);
    expect(refusal(Buffer.concat([good.subarray(0, 200), good.subarray(good.length - 22)])).message).toMatch(/damaged/);
    expect(refusal(xlsxPackage({ sheets: { 人员: '' }, parts: { 'xl/worksheets/sheet1.xml': undefined } })).message).toMatch(/worksheet "人员" is missing/);
    expect(refusal(sheetWith('<row r="1"><c r="A1" t="s"><v>3</v></c></row>', { sharedStrings: ['<t>一</t>'] })).message).toMatch(
      /cell A1 .* shared string that is not there/,
    );
    expect(refusal(sheetWith('<row r="1"><c r="B1"><v>0x1F</v></c></row>')).message).toMatch(/cell B1 .*"0x1F", which is not a number/);
    expect(refusal(sheetWith('<row r="1"><c r="XFE1"><v>1</v></c></row>')).message).toMatch(/"XFE1"/);
    expect(refusal(sheetWith('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v>')).message).toMatch(/<c> is never closed/);
  });

  it('reads or refuses crafted XML in time linear in its size: elements left open, endless attributes, comments', () => {
    const n = 400_000;
    const cases: [Buffer, RegExp][] = [
      [sheetWith('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', { sharedStrings: `<sst>${'<si><t>一'.repeat(n)}</sst>` }), /<si> is never closed/],
      [sheetWith('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', { sharedStrings: `<sst><si>${'<t>一'.repeat(n)}</si></sst>` }), /<t> is never closed/],
      [sheetWith(`<row r="1"><c r="A1"><v>${'<v>1'.repeat(n)}</v></c></row>`), /not a number/],
      [sheetWith(`<row r="1">${'<c r=<c r='.repeat(n)}</row>`), /^is damaged|^$/],
      [sheetWith(`<row r="1"><c ${'a'.repeat(4 * n)}><v>1</v></c></row>`), /^$/],
      [sheetWith(`<row r="1"><c r="A1"><v>1</v></c></row>${'<!--'.repeat(n)}`), /<!--> is never closed/],
    ];
    for (const [content, expected] of cases) {
      const started = Date.now();
      let message = '';
      try {
        openXlsx(content).read();
      } catch (e) {
        message = (e as XlsxError).message;
      }
      expect(message).toMatch(expected);
      expect(Date.now() - started).toBeLessThan(1_500);
    }
  });

  it('refuses a worksheet with more cells than the cap, merged ones counted', () => {
    expect(refusal(sheetWith('<row r="1"><c r="A1"><v>1</v></c><c r="J1"><v>1</v></c></row>'), { maxCells: 5 }).message).toMatch(/more than 5 cells/);
    expect(
      refusal(sheetWith('<row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells><sheetData>')).message,
    ).toMatch(/more than 5000000 cells/);
  });

  it('says every refusal in Chinese without Latin letters (but for the file name)', async () => {
    const files = [
      Buffer.from('不是表格'),
      Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.from('EncryptedPackage', 'utf16le')]),
      Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(100)]),
      zip([{ name: 'xl/workbook.xml', data: '<workbook/>' }], { zip64Locator: true }),
      xlsxPackage({ sheets: { 人员: '<row r="1"/>' }, method: 12 }),
      Buffer.alloc(11 * 1024 * 1024),
      zip([{ name: 'xl/workbook.xml', data: '<workbook/>', size: 5 }]),
      sheetWith('<row r="1"><c r="A1" t="s"><v>3</v></c></row>'),
    ];
    for (const f of files) {
      const e = (await readTable('名册.xlsx', f).catch((x: unknown) => x)) as TableReadError;
      expect(e).toBeInstanceOf(TableReadError);
      expect(e.messageZh.replace('名册.xlsx', ''), e.message).not.toMatch(/[A-Za-z]/);
    }
  });
});
