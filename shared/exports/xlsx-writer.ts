/**
 * Writes .xlsx workbooks with Node's zlib and nothing else, for the exports a clerk opens in
 * Excel or WPS: ledgers, the roster, statistics. Each sheet is one table: an optional title
 * (merged across the columns), a header row (bold, filled, bordered, frozen, with an autoFilter,
 * repeated on every printed page) and the rows below it, bordered.
 *
 * What a clerk expects of such a file, and why each choice:
 * - Columns are as wide as their content, a CJK (full-width) character counting two units, so
 *   Chinese text is not cut off; clamped so one long remark does not make a column a screen wide
 *   (body text wraps instead).
 * - A date column's YYYY-MM-DD strings are real Excel dates (serial numbers, yyyy-mm-dd format),
 *   so they sort and filter as dates; numbers are numbers, so they sum.
 * - Text is written as inline strings (t="inlineStr"): a cell of that type is text whatever it
 *   holds, and no <f> (formula) element is ever written, so "=HYPERLINK(…)" or "@SUM(…)" from a
 *   user's input stays text (formula injection). A text cell that starts like a formula also gets
 *   Excel's quotePrefix style, so it stays text even when a clerk edits it and presses Enter.
 * - Characters XML 1.0 forbids (control characters but tab and line ends, lone surrogates) are
 *   dropped rather than written into a file Excel would call corrupt; line ends become "\n",
 *   the line break Excel and WPS show in a cell.
 * - Sheet names are made into names Excel accepts (see `sheetNames`), not refused: an export must
 *   not fail because a unit's name holds a slash.
 *
 * What is a programming error throws an XlsxWriteError: no sheet, a row with more cells than
 * the sheet has columns, more rows or columns than a worksheet holds.
 *
 * The output depends on the input only (zip timestamps are fixed), so the same export is the same
 * bytes.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export type XlsxValue = string | number | null | undefined;

/**
 * How a column's values are written:
 * - none: numbers as numbers, strings as text;
 * - 'text': everything as text (ID numbers, codes: 18 digits as a number would lose digits);
 * - 'number': numbers, and strings that are plain decimals ("12", "-3.5"), as numbers;
 * - 'date': YYYY-MM-DD strings (from 1900-01-01) as Excel dates; anything else as with none.
 */
export type XlsxColumnKind = 'text' | 'number' | 'date';

export interface XlsxColumn {
  header: string;
  /** In Excel's character units (the width of a digit); computed from the content when left out. */
  width?: number;
  kind?: XlsxColumnKind;
}

export interface XlsxSheet {
  /** Made into a name Excel accepts: see `sheetNames`. */
  name: string;
  columns: XlsxColumn[];
  /** One array per row, its cells in column order; missing, null and undefined cells are empty. */
  rows: XlsxValue[][];
  /** A title above the header row, merged across the columns. */
  title?: string;
}

export interface XlsxBook {
  sheets: XlsxSheet[];
  /** Document properties (File > Info); none is required. */
  properties?: { title?: string; creator?: string; created?: Date };
}

export class XlsxWriteError extends Error {}

/** Excel's limits (Specifications and limits): rows and columns of a worksheet, characters in a cell and in a sheet name. */
const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;
const MAX_CELL_CHARS = 32_767;
const MAX_SHEET_NAME = 31;

/** Computed column widths: at least a short header's, at most about half a screen. */
export const MIN_WIDTH = 6;
export const MAX_WIDTH = 60;
/** Room beside the text for the autoFilter button and the cell's margins. */
const WIDTH_PADDING = 2;

// ---------------------------------------------------------------------------------------------
// Text

/**
 * Code points XML 1.0 does not allow (C0 controls but tab, LF and CR; U+FFFE, U+FFFF) and lone
 * surrogates, which UTF-8 cannot encode (Node would write U+FFFD in their place).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding these characters is the point.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as it can be stored in a cell: forbidden characters dropped, line ends as "\n", at most 32,767 characters. */
export const cellText = (s: string): string => {
  const clean = s.replace(NOT_XML, '').replace(/\r\n?/g, '\n');
  return clean.length <= MAX_CELL_CHARS ? clean : cutAt(clean, MAX_CELL_CHARS);
};

/** The first `n` UTF-16 units of `s`, never half of a surrogate pair. */
const cutAt = (s: string, n: number): string => {
  const code = s.charCodeAt(n - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
};

const escapeXml = (s: string): string => s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));

/**
 * Text for a cell's <t>: XML-escaped, and "_x0041_"-like runs escaped as Excel does (its _xHHHH_
 * escapes would otherwise turn such text into another character when the file is read).
 */
const xstring = (s: string): string => escapeXml(s.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1'));

/**
 * Starts like a formula in Excel, WPS or a CSV reader (OWASP's list), full-width forms included
 * since a Chinese input method types them.
 */
export const looksLikeFormula = (s: string): boolean => /^[=+\-@\t\r\n＝＋－＠]/.test(s);

/** East Asian Wide and Fullwidth ranges (UAX #11), the ones text in an office's files holds. */
const isWide = (cp: number): boolean =>
  (cp >= 0x1100 && cp <= 0x115f) ||
  (cp >= 0x2e80 && cp <= 0x303e) ||
  (cp >= 0x3041 && cp <= 0x33ff) ||
  (cp >= 0x3400 && cp <= 0x4dbf) ||
  (cp >= 0x4e00 && cp <= 0x9fff) ||
  (cp >= 0xa000 && cp <= 0xa4cf) ||
  (cp >= 0xac00 && cp <= 0xd7a3) ||
  (cp >= 0xf900 && cp <= 0xfaff) ||
  (cp >= 0xfe30 && cp <= 0xfe4f) ||
  (cp >= 0xff00 && cp <= 0xff60) ||
  (cp >= 0xffe0 && cp <= 0xffe6) ||
  (cp >= 0x1f300 && cp <= 0x1f64f) ||
  (cp >= 0x1f900 && cp <= 0x1f9ff) ||
  (cp >= 0x20000 && cp <= 0x3fffd);

/** How wide text shows, in character units: a CJK (full-width) character is 2, any other 1; the longest line of several. */
export const displayWidth = (s: string): number => {
  let widest = 0;
  let width = 0;
  for (const ch of s) {
    if (ch === '\n') {
      widest = Math.max(widest, width);
      width = 0;
    } else width += isWide(ch.codePointAt(0)!) ? 2 : 1;
  }
  return Math.max(widest, width);
};

// ---------------------------------------------------------------------------------------------
// Dates

const DAY_MS = 86_400_000;

/**
 * A YYYY-MM-DD date as an Excel serial number (1900 date system), or undefined if it is not a
 * real date from 1900-01-01 on. Excel counts a 29 February 1900 that never was (serial 60), so
 * dates from 1 March 1900 are one more than the days since 1899-12-31.
 */
export const dateSerial = (iso: string): number | undefined => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900) return undefined;
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  const days = (t - Date.UTC(1899, 11, 30)) / DAY_MS;
  return days < 61 ? days - 1 : days;
};

// ---------------------------------------------------------------------------------------------
// Sheet names

/** Apostrophes and spaces at either end: Excel refuses the one, the other only hides a name's start or end. */
const ENDS = /^[\s']+|[\s']+$/g;
/** At most `n` characters, none of ENDS at the end (a cut can leave one there). */
const cut = (s: string, n: number) => (s.length <= n ? s : cutAt(s, n).replace(ENDS, ''));

/**
 * Names Excel accepts for these sheets, in order: characters it forbids ([ ] : * ? / \) as "_",
 * no apostrophe nor space at either end, not blank ("Sheet1"…), not "History" (Excel's own), at most 31
 * characters, and no two the same regardless of case ("名册", "名册(2)"…).
 */
export const sheetNames = (names: string[]): string[] => {
  const taken = new Set<string>();
  return names.map((raw, i) => {
    let base = raw
      .replace(NOT_XML, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: tab and line ends, all NOT_XML leaves, as spaces.
      .replace(/[\u0000-\u001F]/g, ' ')
      .replace(/[[\]:*?/\\]/g, '_')
      .replace(ENDS, '');
    if (base === '') base = `Sheet${i + 1}`;
    if (base.toLowerCase() === 'history') base = `${base}_`;
    base = cut(base, MAX_SHEET_NAME);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = `(${n})`;
      name = cut(base, MAX_SHEET_NAME - suffix.length) + suffix;
    }
    taken.add(name.toLowerCase());
    return name;
  });
};

// ---------------------------------------------------------------------------------------------
// Cells

/** Column 1 as A, 27 as AA. */
const columnLetters = (col: number): string => (col > 26 ? columnLetters(Math.floor((col - 1) / 26)) : '') + String.fromCharCode(65 + ((col - 1) % 26));

/** The cell styles of xl/styles.xml's <cellXfs>, by their index. */
const STYLE = { default: 0, header: 1, title: 2, body: 3, date: 4, quoted: 5 } as const;

const DECIMAL = /^-?(?:\d+\.?\d*|\.\d+)$/;

type Cell = { type: 'empty' } | { type: 'number'; value: number; date?: string } | { type: 'text'; value: string };

/** What a value becomes in a column of this kind. */
const toCell = (value: XlsxValue, kind: XlsxColumnKind | undefined): Cell => {
  if (value === null || value === undefined) return { type: 'empty' };
  if (typeof value === 'number') {
    if (kind === 'text') return { type: 'text', value: String(value) };
    // NaN and Infinity have no cell value in a workbook.
    return Number.isFinite(value) ? { type: 'number', value } : { type: 'empty' };
  }
  const text = cellText(String(value));
  if (kind === 'date') {
    const serial = dateSerial(text.trim());
    if (serial !== undefined) return { type: 'number', value: serial, date: text.trim() };
  } else if (kind === 'number' && DECIMAL.test(text.trim())) {
    const n = Number(text.trim());
    if (Number.isFinite(n)) return { type: 'number', value: n };
  }
  return text === '' ? { type: 'empty' } : { type: 'text', value: text };
};

const inlineString = (ref: string, style: number, text: string): string => {
  // Leading or trailing spaces and line breaks are kept only where xml:space says so.
  const space = /^\s|\s$|\n|\t/.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" s="${style}" t="inlineStr"><is><t${space}>${xstring(text)}</t></is></c>`;
};

const cellXml = (ref: string, cell: Cell): string => {
  switch (cell.type) {
    case 'empty':
      // Written, if empty, so the table's borders are whole.
      return `<c r="${ref}" s="${STYLE.body}"/>`;
    case 'number':
      return `<c r="${ref}" s="${cell.date ? STYLE.date : STYLE.body}"><v>${cell.value}</v></c>`;
    case 'text':
      return inlineString(ref, looksLikeFormula(cell.value) ? STYLE.quoted : STYLE.body, cell.value);
  }
};

/** How wide a cell's content shows, in character units. */
const cellWidth = (cell: Cell): number =>
  cell.type === 'empty' ? 0 : cell.type === 'text' ? displayWidth(cell.value) : cell.date ? cell.date.length : String(cell.value).length;

// ---------------------------------------------------------------------------------------------
// Parts

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL = `${NS_R}/`;

/** A reference to a range on a sheet, in a defined name's formula: 'name'!$A$2:$D$9. */
const sheetRange = (name: string, range: string) => `'${name.replace(/'/g, "''")}'!${range}`;

interface SheetPart {
  name: string;
  xml: string;
  /** The header row and the last row, for the autoFilter's and the print titles' defined names. */
  headerRow: number;
  lastRow: number;
  lastCol: string;
}

const worksheet = (sheet: XlsxSheet, name: string, index: number): SheetPart => {
  const { columns, rows } = sheet;
  if (columns.length === 0) throw new XlsxWriteError(`sheet "${name}" has no columns`);
  if (columns.length > MAX_COLS) throw new XlsxWriteError(`sheet "${name}" has ${columns.length} columns; a worksheet holds ${MAX_COLS}`);
  const title = sheet.title === undefined ? '' : cellText(sheet.title);
  const headerRow = title === '' ? 1 : 2;
  const lastRow = headerRow + rows.length;
  if (lastRow > MAX_ROWS) throw new XlsxWriteError(`sheet "${name}" has ${rows.length} rows; a worksheet holds ${MAX_ROWS - headerRow} below its header`);
  const lastCol = columnLetters(columns.length);
  const letters = columns.map((_, c) => columnLetters(c + 1));
  const headers = columns.map((c) => cellText(c.header));
  const widths = headers.map(displayWidth);

  const out: string[] = [];
  rows.forEach((row, i) => {
    if (row.length > columns.length) {
      throw new XlsxWriteError(`sheet "${name}", row ${i + 1} of the rows has ${row.length} cells; the sheet has ${columns.length} columns`);
    }
    const r = headerRow + 1 + i;
    out.push(`<row r="${r}">`);
    for (let c = 0; c < columns.length; c++) {
      const cell = toCell(row[c], columns[c]!.kind);
      widths[c] = Math.max(widths[c]!, cellWidth(cell));
      out.push(cellXml(`${letters[c]}${r}`, cell));
    }
    out.push('</row>');
  });

  const cols = columns
    .map((col, c) => {
      const width =
        col.width !== undefined && Number.isFinite(col.width)
          ? Math.min(255, Math.max(0, col.width))
          : Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widths[c]! + WIDTH_PADDING));
      return `<col min="${c + 1}" max="${c + 1}" width="${width}" customWidth="1"/>`;
    })
    .join('');
  const titleRow = title === '' ? '' : `<row r="1" ht="28" customHeight="1">${inlineString('A1', STYLE.title, title)}</row>`;
  const headerCells = headers.map((h, c) =>
    h === '' ? `<c r="${letters[c]}${headerRow}" s="${STYLE.header}"/>` : inlineString(`${letters[c]}${headerRow}`, STYLE.header, h),
  );
  const first = `A${headerRow + 1}`;
  const xml =
    `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}">` +
    `<dimension ref="A1:${lastCol}${lastRow}"/>` +
    // The title and header rows stay in view as the clerk scrolls.
    `<sheetViews><sheetView workbookViewId="0"${index === 0 ? ' tabSelected="1"' : ''}>` +
    `<pane ySplit="${headerRow}" topLeftCell="${first}" activePane="bottomLeft" state="frozen"/>` +
    `<selection pane="bottomLeft" activeCell="${first}" sqref="${first}"/></sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols>` +
    `<sheetData>${titleRow}<row r="${headerRow}">${headerCells.join('')}</row>${out.join('')}</sheetData>` +
    `<autoFilter ref="A${headerRow}:${lastCol}${lastRow}"/>` +
    (title !== '' && columns.length > 1 ? `<mergeCells count="1"><mergeCell ref="A1:${lastCol}1"/></mergeCells>` : '') +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    // A4, the paper of Chinese offices (Excel's default is US Letter).
    '<pageSetup paperSize="9"/>' +
    '</worksheet>';
  return { name, xml, headerRow, lastRow, lastCol };
};

/**
 * The styles the cells refer to, in STYLE's order: default; header (bold, light fill, thin
 * borders, centred); title (bold 14 pt, centred); body (thin borders, wrapped); body date
 * (yyyy-mm-dd); body text that looks like a formula (quotePrefix). 宋体 (SimSun) is the font
 * every Chinese Excel and WPS has; charset 134 is GB2312, as they write it.
 */
const STYLES_XML =
  `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>' +
  '<fonts count="3">' +
  '<font><sz val="11"/><name val="宋体"/><charset val="134"/><family val="3"/></font>' +
  '<font><b/><sz val="11"/><name val="宋体"/><charset val="134"/><family val="3"/></font>' +
  '<font><b/><sz val="14"/><name val="宋体"/><charset val="134"/><family val="3"/></font>' +
  '</fonts>' +
  // The first two fills are reserved (none, gray125): Excel expects them there.
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>' +
  '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>' +
  '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="6">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>' +
  '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1" quotePrefix="1"><alignment vertical="center" wrapText="1"/></xf>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '<dxfs count="0"/><tableStyles count="0"/></styleSheet>';

const workbookXml = (parts: SheetPart[]): string => {
  const names = parts.flatMap((p, i) => [
    // Excel's own names for a sheet's autoFilter range and for rows repeated on every printed page.
    `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${escapeXml(sheetRange(p.name, `$A$${p.headerRow}:$${p.lastCol}$${p.lastRow}`))}</definedName>`,
    `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${escapeXml(sheetRange(p.name, `$1:$${p.headerRow}`))}</definedName>`,
  ]);
  return (
    `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><workbookPr/><bookViews><workbookView activeTab="0"/></bookViews><sheets>` +
    parts.map((p, i) => `<sheet name="${escapeXml(p.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
    `</sheets><definedNames>${names.join('')}</definedNames><calcPr calcId="191029"/></workbook>`
  );
};

const workbookRelsXml = (count: number): string =>
  `${XML_HEAD}<Relationships xmlns="${NS_RELS}">` +
  Array.from({ length: count }, (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
  `<Relationship Id="rId${count + 1}" Type="${REL}styles" Target="styles.xml"/></Relationships>`;

const ROOT_RELS =
  `${XML_HEAD}<Relationships xmlns="${NS_RELS}">` +
  `<Relationship Id="rId1" Type="${REL}officeDocument" Target="xl/workbook.xml"/>` +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  '</Relationships>';

const contentTypesXml = (count: number): string =>
  `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  Array.from(
    { length: count },
    (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join('') +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
  '</Types>';

const coreXml = (p: XlsxBook['properties'] = {}): string => {
  const created =
    p.created && Number.isFinite(p.created.getTime())
      ? `<dcterms:created xsi:type="dcterms:W3CDTF">${p.created.toISOString().replace(/\.\d{3}Z$/, 'Z')}</dcterms:created>`
      : '';
  return (
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    (p.title ? `<dc:title>${escapeXml(cellText(p.title))}</dc:title>` : '') +
    (p.creator ? `<dc:creator>${escapeXml(cellText(p.creator))}</dc:creator>` : '') +
    created +
    '</cp:coreProperties>'
  );
};

// ---------------------------------------------------------------------------------------------
// The zip container (PKWARE APPNOTE 4.3): each part's local header and data, the central
// directory, the end record. No zip64: a workbook an export writes is far below 4 GB.

/** 1980-01-01 00:00, the first time a zip can hold: fixed, so the same workbook is the same bytes. */
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;

const zipParts = (files: { name: string; data: Buffer }[]): Buffer => {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const deflated = deflateRawSync(f.data);
    // Stored when deflate does not make it smaller (tiny parts).
    const method = deflated.length < f.data.length ? 8 : 0;
    const body = method === 8 ? deflated : f.data;
    const crc = crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x800, 6); // names are UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4); // made by: MS-DOS, 2.0
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x800, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt16LE(DOS_TIME, 12);
    entry.writeUInt16LE(DOS_DATE, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(f.data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    // Extra field, comment, disk number, internal and external attributes: all 0.
    entry.writeUInt32LE(offset, 42);
    chunks.push(local, name, body);
    central.push(entry, name);
    offset += local.length + name.length + body.length;
    if (offset > 0xffffffff) throw new XlsxWriteError('the workbook is larger than 4 GB, which needs zip64');
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
};

// ---------------------------------------------------------------------------------------------

/** The workbook as the bytes of an .xlsx file. */
export const writeXlsx = (book: XlsxBook): Buffer => {
  if (book.sheets.length === 0) throw new XlsxWriteError('a workbook needs at least one sheet');
  const names = sheetNames(book.sheets.map((s) => s.name));
  const parts = book.sheets.map((s, i) => worksheet(s, names[i]!, i));
  const files: { name: string; data: string }[] = [
    { name: '[Content_Types].xml', data: contentTypesXml(parts.length) },
    { name: '_rels/.rels', data: ROOT_RELS },
    { name: 'docProps/core.xml', data: coreXml(book.properties) },
    { name: 'xl/workbook.xml', data: workbookXml(parts) },
    { name: 'xl/_rels/workbook.xml.rels', data: workbookRelsXml(parts.length) },
    { name: 'xl/styles.xml', data: STYLES_XML },
    ...parts.map((p, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: p.xml })),
  ];
  return zipParts(files.map((f) => ({ name: f.name, data: Buffer.from(f.data, 'utf8') })));
};
