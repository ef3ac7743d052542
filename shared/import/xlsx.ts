/**
 * Reads the cells of .xlsx workbooks as Excel and WPS write them, with Node's zlib and nothing
 * else: the zip's central directory, the workbook's list of worksheets, shared strings, the
 * styles (to tell a date from a number) and a worksheet's cells. What an office's list needs,
 * no more: formatting, formulas (their last computed results are read), comments and pictures
 * are ignored.
 *
 * It refuses, with the reason in English and Chinese, what it cannot read safely: a file that is
 * not a zip, one protected by a password, zip64, a compression method other than deflate, a
 * file larger than an upload may be, or parts that inflate to more than the caps (zip bombs).
 *
 * Values: text as a string (shared, inline, rich text runs joined, `_xHHHH_` escapes decoded),
 * numbers as numbers (so an ID that Excel stored as a number stays one), booleans, error values
 * as their text ("#N/A"), and numbers whose style is a date format as YYYY-MM-DD (the 1900 leap
 * year that never was and the 1904 date system included). A merged range reads as its top-left
 * cell's value in every cell, as exceljs read it.
 */
import { crc32, inflateRawSync } from 'node:zlib';

export type XlsxCell = string | number | boolean | null;

/** One row that holds cells: `cells[0]` is column A; a missing cell is null. */
export interface XlsxRow {
  /** 1-based, as Excel numbers it. */
  row: number;
  cells: XlsxCell[];
}

export interface XlsxWorkbook {
  /** The worksheets in the workbook's order (chart sheets are not worksheets). */
  sheets: { name: string; hidden: boolean }[];
  date1904: boolean;
  /** The rows of the named worksheet, or of the first one; only rows with cells, in order. */
  read(sheet?: string): XlsxRow[];
}

/** A file this reader will not read: `message` and `messageZh` follow the file's name ("is …"). */
export class XlsxError extends Error {
  constructor(
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
  }
}

const MiB = 1024 * 1024;

export interface XlsxLimits {
  /** The file itself: no request to POST /imports carries more (the API takes 10 MB of body, the file in base64). */
  maxFileBytes: number;
  /** One part (a worksheet, the shared strings…) once inflated. */
  maxPartBytes: number;
  /** All the parts read, once inflated. */
  maxTotalBytes: number;
  /** Cells of one worksheet, counting the empty ones before each row's last. */
  maxCells: number;
}

/** A roster of 15,000 people is about 0.7 MB of .xlsx, 4 MB of worksheet XML and 90,000 cells: these leave room for 200,000. */
export const XLSX_LIMITS: XlsxLimits = { maxFileBytes: 10 * MiB, maxPartBytes: 64 * MiB, maxTotalBytes: 128 * MiB, maxCells: 5_000_000 };

const MAX_ROW = 1_048_576;
const MAX_COL = 16_384;

const mb = (n: number) => String(Math.round((n / MiB) * 10) / 10);
const SAVE_AGAIN = 'save it again in Excel or WPS';
const SAVE_AGAIN_ZH = '请在电子表格软件中重新保存';
const damaged = (why: string, whyZh: string) => new XlsxError(`is damaged (${why}): ${SAVE_AGAIN}`, `已损坏（${whyZh}），${SAVE_AGAIN_ZH}`);
const notXlsx = () => new XlsxError('is not a readable .xlsx workbook', '不是可以读取的电子表格工作簿');
const encrypted = () =>
  new XlsxError('is protected by a password: remove the password in Excel or WPS and save it again', '设有密码保护，请在电子表格软件中取消密码后重新保存');
const zip64 = () => new XlsxError(`uses the zip64 extension, which no office's list needs: ${SAVE_AGAIN}`, `使用了超大文件的压缩格式，${SAVE_AGAIN_ZH}`);
const tooBig = (limit: number) =>
  new XlsxError(`unpacks to more than ${mb(limit)} MB, far more than an office's list`, `解压后超过 ${mb(limit)} 兆字节，远超正常名录的大小`);

// ---------------------------------------------------------------------------------------------
// The zip container (PKWARE APPNOTE): the end record, the central directory, then each part's
// local header and data. Sizes come from the central directory; nothing is trusted beyond it.

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** An OLE compound file: how Excel and WPS save a password-protected workbook, and the old .xls. */
const CFB = Buffer.from('d0cf11e0a1b11ae1', 'hex');

const readDirectory = (buf: Buffer): Map<string, ZipEntry> => {
  if (buf.subarray(0, 8).equals(CFB)) {
    if (buf.includes(Buffer.from('EncryptedPackage', 'utf16le'))) throw encrypted();
    throw new XlsxError(
      'is an old .xls workbook (or another Office file) named .xlsx: open it and save it as an .xlsx workbook',
      '是旧版格式的工作簿（或其他办公文件），请打开后另存为新版工作簿',
    );
  }
  // The end of central directory record: 22 bytes and a comment of up to 65,535.
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf[i] === 0x50 && buf.readUInt32LE(i) === 0x06054b50 && i + 22 + buf.readUInt16LE(i + 20) <= buf.length) {
      end = i;
      break;
    }
  }
  if (end < 0) throw notXlsx();
  const count = buf.readUInt16LE(end + 10);
  const size = buf.readUInt32LE(end + 12);
  const start = buf.readUInt32LE(end + 16);
  if ((end >= 20 && buf.readUInt32LE(end - 20) === 0x07064b50) || count === 0xffff || size === 0xffffffff || start === 0xffffffff) {
    throw zip64();
  }
  if (buf.readUInt16LE(end + 4) !== 0 || buf.readUInt16LE(end + 6) !== 0 || buf.readUInt16LE(end + 8) !== count) {
    throw damaged('it is one volume of a split archive', '是分卷压缩文件的一卷');
  }
  if (start + size > end) throw damaged('its zip directory is cut short', '压缩目录不完整');
  const entries = new Map<string, ZipEntry>();
  let p = start;
  for (let i = 0; i < count; i++) {
    if (p + 46 > start + size || buf.readUInt32LE(p) !== 0x02014b50) throw damaged('its zip directory is cut short', '压缩目录不完整');
    const flags = buf.readUInt16LE(p + 8);
    const nameLength = buf.readUInt16LE(p + 28);
    const e: ZipEntry = {
      name: buf.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength),
      flags,
      method: buf.readUInt16LE(p + 10),
      crc: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      offset: buf.readUInt32LE(p + 42),
    };
    if (e.compressedSize === 0xffffffff || e.size === 0xffffffff || e.offset === 0xffffffff) {
      throw zip64();
    }
    const key = partKey(e.name);
    if (entries.has(key)) throw damaged(`it holds ${e.name} twice`, '同一部件出现了两次');
    entries.set(key, e);
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
};

/** Part names are case-insensitive (OPC); some writers put a leading slash or backslashes. */
const partKey = (name: string) => name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();

// ---------------------------------------------------------------------------------------------
// XML, read with small patterns: element names may carry any namespace prefix (x:c), attribute
// values may hold '>' inside quotes, and text is unescaped once. Every scan is linear in the
// length of the part, whatever it holds: no pattern can cross a '<' it does not name, and an
// element's end is found with indexOf (an element left open is refused), so no crafted part can
// make a search start over and over from each '<'.

const P = '(?:[\\w.-]+:)?';
/** An element's attributes (XML allows no '<' in them), up to but not including the '/' of an empty element's '/>'. */
const ATTRS = `([^<>"'/]*(?:(?:"[^"<]*"|'[^'<]*'|/(?!>))[^<>"'/]*)*)`;
/** The start tag of the element: (prefix, attributes, '/' if it is empty). */
const startTag = (name: string, flags = '') => new RegExp(`<(${P})${name}(?=[\\s/>])${ATTRS}(/?)>`, flags);
const ATTR = /\s*([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;

/** Attributes by name; a prefixed one (r:id) also by its local name after a colon (":id"). */
const attrs = (s: string): Map<string, string> => {
  const out = new Map<string, string>();
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(s); m; m = ATTR.exec(s)) {
    const name = m[1]!;
    const value = unescapeXml(m[2] ?? m[3]!);
    out.set(name, value);
    const colon = name.indexOf(':');
    if (colon > 0 && name.slice(0, colon) !== 'xmlns' && !out.has(`:${name.slice(colon + 1)}`)) out.set(`:${name.slice(colon + 1)}`, value);
  }
  return out;
};

const leftOpen = (name: string) => damaged(`an element <${name}> is never closed`, '内容不完整');

/**
 * Calls `fn` with each element `name` of `xml` in order: its attributes' text, its content ('' if
 * empty) and where it starts and ends. Elements of one name do not nest in the parts read here.
 */
const eachElement = (xml: string, name: string, fn: (attrText: string, content: string, start: number, end: number) => void) => {
  const re = startTag(name, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const [tag, prefix, attrText, empty] = m as unknown as [string, string, string, string];
    if (empty) {
      fn(attrText, '', m.index, m.index + tag.length);
      continue;
    }
    const closeTag = `</${prefix}${name}>`;
    const close = xml.indexOf(closeTag, re.lastIndex);
    if (close < 0) throw leftOpen(name);
    fn(attrText, xml.slice(re.lastIndex, close), m.index, close + closeTag.length);
    re.lastIndex = close + closeTag.length;
  }
};

/** The content of the first element `name` ('' if empty), or undefined if there is none. */
const firstElement = (xml: string, tag: RegExp, name: string): string | undefined => {
  const m = tag.exec(xml);
  if (!m) return undefined;
  if (m[3]) return '';
  const from = m.index + m[0].length;
  const close = xml.indexOf(`</${m[1]}${name}>`, from);
  if (close < 0) throw leftOpen(name);
  return xml.slice(from, close);
};

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const unescapeXml = (s: string): string =>
  s.indexOf('&') < 0
    ? s
    : s.replace(/&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g, (m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
        if (name) return ENTITIES[name]!;
        const cp = hex ? parseInt(hex, 16) : Number(dec);
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
      });

/** Character data: line ends normalized as an XML parser does, entities unescaped. */
const text = (raw: string): string => unescapeXml(raw.indexOf('\r') < 0 ? raw : raw.replace(/\r\n?/g, '\n'));

/** Excel's escapes of characters XML cannot hold: _x000D_ is a carriage return, _x005F_ an underscore. */
const unescapeXstring = (s: string): string =>
  s.indexOf('_x') < 0 ? s : s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** A string item (<si>, <is>): its <t>, or its rich text runs' <t> joined; phonetic guides (<rPh>) left out. */
const stringItem = (inner: string): string => {
  let s = inner;
  if (inner.indexOf('rPh') >= 0) {
    s = '';
    let at = 0;
    eachElement(inner, 'rPh', (_a, _c, start, end) => {
      s += inner.slice(at, start);
      at = end;
    });
    s += inner.slice(at);
  }
  let out = '';
  eachElement(s, 't', (_a, content) => (out += text(content)));
  return unescapeXstring(out);
};

/** A part's text without its comments. */
const withoutComments = (xml: string): string => {
  let at = xml.indexOf('<!--');
  if (at < 0) return xml;
  let out = '';
  let from = 0;
  while (at >= 0) {
    out += xml.slice(from, at);
    const end = xml.indexOf('-->', at + 4);
    if (end < 0) throw leftOpen('!--');
    from = end + 3;
    at = xml.indexOf('<!--', from);
  }
  return out + xml.slice(from);
};

// ---------------------------------------------------------------------------------------------
// Dates: Excel stores them as numbers; the cell's number format says it is a date.

/** Built-in number formats that are dates or times (ECMA-376 18.8.30, with the CJK ones). */
const isBuiltInDate = (id: number) => (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);

/** A format code with y, m or d outside quoted text, [brackets], \escapes and _ or * fillers. */
export const isDateFormat = (code: string): boolean => /[ymd]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\.|[_*]./g, ''));

const DAY_MS = 86_400_000;

/**
 * An Excel serial date as YYYY-MM-DD. In the 1900 system serial 1 is 1900-01-01 and serial 60 is
 * the 29 February 1900 that Lotus 1-2-3 counted and Excel keeps (given back as such, so a date
 * check refuses it); in the 1904 system serial 0 is 1904-01-01. The time of day is dropped. A
 * number no date can be is given back as it is.
 */
export const serialToDate = (serial: number, date1904: boolean): string | number => {
  if (!Number.isFinite(serial) || serial < 0) return serial;
  const days = Math.floor(Math.round(serial * DAY_MS) / DAY_MS);
  if (!date1904 && days === 60) return '1900-02-29';
  if (!date1904 && days === 0) return '1900-01-00';
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : days < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const date = new Date(epoch + days * DAY_MS);
  return date.getUTCFullYear() > 9999 ? serial : date.toISOString().slice(0, 10);
};

// ---------------------------------------------------------------------------------------------

const REF = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const colNumber = (letters: string) => {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
};
/** B7 as [7, 2]; undefined if it is not a cell reference on a worksheet. */
const parseRef = (ref: string): [number, number] | undefined => {
  const m = REF.exec(ref);
  if (!m) return undefined;
  const row = Number(m[2]);
  const col = colNumber(m[1]!);
  return row >= 1 && row <= MAX_ROW && col <= MAX_COL ? [row, col] : undefined;
};

interface Relationship {
  type: string;
  target: string;
}

/** The relationships of a part, their targets resolved to part names. */
const relationships = (xml: string | undefined, partName: string): Map<string, Relationship> => {
  const out = new Map<string, Relationship>();
  if (xml === undefined) return out;
  const base = partName.slice(0, partName.lastIndexOf('/') + 1);
  for (const m of xml.matchAll(startTag('Relationship', 'g'))) {
    const a = attrs(m[2]!);
    const id = a.get('Id');
    let target = a.get('Target');
    if (!id || target === undefined || a.get('TargetMode') === 'External') continue;
    try {
      target = decodeURIComponent(target);
    } catch {
      // Kept as written.
    }
    out.set(id, { type: a.get('Type') ?? '', target: resolvePart(base, target) });
  }
  return out;
};

const resolvePart = (base: string, target: string): string => {
  const path = target.startsWith('/') ? target : base + target;
  const out: string[] = [];
  for (const seg of path.split(/[/\\]/)) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
};

const relsOf = (partName: string) => {
  const slash = partName.lastIndexOf('/');
  return `${partName.slice(0, slash + 1)}_rels/${partName.slice(slash + 1)}.rels`;
};

const ofType = (rels: Map<string, Relationship>, type: string) => [...rels.values()].find((r) => r.type.endsWith(`/${type}`))?.target;

// ---------------------------------------------------------------------------------------------

/** Opens a workbook: reads its zip directory and list of worksheets; the cells are read by `read`. */
export const openXlsx = (content: Uint8Array, limits: Partial<XlsxLimits> = {}): XlsxWorkbook => {
  const lim = { ...XLSX_LIMITS, ...limits };
  const buf = Buffer.isBuffer(content) ? content : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  if (buf.length > lim.maxFileBytes) {
    throw new XlsxError(
      `is ${mb(buf.length)} MB; a workbook to import can be at most ${mb(lim.maxFileBytes)} MB`,
      `大小为 ${mb(buf.length)} 兆字节，可导入的工作簿最大为 ${mb(lim.maxFileBytes)} 兆字节`,
    );
  }
  const entries = readDirectory(buf);
  let inflated = 0;

  /** A part's bytes, or undefined if the zip has no such part. */
  const part = (name: string): Buffer | undefined => {
    const e = entries.get(partKey(name));
    if (!e) return undefined;
    if (e.flags & 0x41 || e.method === 99) throw encrypted();
    if (e.method !== 0 && e.method !== 8) {
      throw new XlsxError(
        `stores its parts with compression method ${e.method}, which is not read here (Excel and WPS use deflate): ${SAVE_AGAIN}`,
        `使用了不支持的压缩方式（${e.method}），${SAVE_AGAIN_ZH}`,
      );
    }
    if (e.size > lim.maxPartBytes) throw tooBig(lim.maxPartBytes);
    inflated += e.size;
    if (inflated > lim.maxTotalBytes) throw tooBig(lim.maxTotalBytes);
    const at = e.offset;
    if (at + 30 > buf.length || buf.readUInt32LE(at) !== 0x04034b50) throw damaged(`${e.name} is not where the directory says`, '部件位置与目录不符');
    const from = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
    if (from + e.compressedSize > buf.length) throw damaged(`${e.name} is cut short`, '部件不完整');
    const data = buf.subarray(from, from + e.compressedSize);
    let out: Buffer;
    if (e.method === 0) {
      if (e.compressedSize !== e.size) throw damaged(`${e.name} has two sizes`, '部件大小不一致');
      out = data;
    } else {
      try {
        // Never more than the directory declares: a part that inflates further is refused.
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
      } catch {
        throw damaged(`${e.name} does not inflate to its declared size`, '部件无法解压或大小与目录不符');
      }
    }
    if (out.length !== e.size || crc32(out) !== e.crc) throw damaged(`${e.name} fails its checksum`, '部件校验失败');
    return out;
  };
  const xmlOf = (name: string): string | undefined => {
    const b = part(name);
    if (!b) return undefined;
    const utf16 = b[0] === 0xff && b[1] === 0xfe ? 'utf-16le' : b[0] === 0xfe && b[1] === 0xff ? 'utf-16be' : undefined;
    const xml = utf16 ? new TextDecoder(utf16).decode(b) : b.toString('utf8', b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0);
    return withoutComments(xml);
  };

  // The workbook: the package's office document, xl/workbook.xml as Excel and WPS name it.
  const bookName = ofType(relationships(xmlOf('_rels/.rels'), ''), 'officeDocument') ?? 'xl/workbook.xml';
  const book = xmlOf(bookName);
  if (book === undefined) throw new XlsxError('is a zip archive but not an .xlsx workbook', '是压缩文件，但不是电子表格工作簿');
  const bookRels = relationships(xmlOf(relsOf(bookName)), bookName);
  const props = startTag('workbookPr').exec(book);
  const date1904Attr = props ? attrs(props[2]!).get('date1904') : undefined;
  const date1904 = date1904Attr === '1' || date1904Attr === 'true';
  const sheets: { name: string; hidden: boolean; part: string }[] = [];
  for (const m of book.matchAll(startTag('sheet', 'g'))) {
    const a = attrs(m[2]!);
    const rel = bookRels.get(a.get(':id') ?? '');
    if (!rel?.type.endsWith('/worksheet')) continue; // chart sheets, dialog and macro sheets
    const state = a.get('state');
    sheets.push({ name: a.get('name') ?? '', hidden: state === 'hidden' || state === 'veryHidden', part: rel.target });
  }

  const base = bookName.slice(0, bookName.lastIndexOf('/') + 1);
  let shared: string[] | undefined;
  const sharedStrings = (): string[] => {
    if (shared) return shared;
    const xml = xmlOf(ofType(bookRels, 'sharedStrings') ?? `${base}sharedStrings.xml`) ?? '';
    const items: string[] = [];
    eachElement(xml, 'si', (_, content) => items.push(stringItem(content)));
    shared = items;
    return items;
  };
  let dateStyles: boolean[] | undefined;
  /** For each cell style (the s attribute), whether its number format is a date. */
  const styles = (): boolean[] => {
    if (dateStyles) return dateStyles;
    const xml = xmlOf(ofType(bookRels, 'styles') ?? `${base}styles.xml`) ?? '';
    // Custom formats from <numFmts> (not those of <dxfs>), cell styles from <cellXfs> (not <cellStyleXfs>).
    const section = (name: string) => firstElement(xml, startTag(name), name) ?? '';
    const custom = new Map<number, boolean>();
    for (const m of section('numFmts').matchAll(startTag('numFmt', 'g'))) {
      const a = attrs(m[2]!);
      custom.set(Number(a.get('numFmtId')), isDateFormat(a.get('formatCode') ?? ''));
    }
    const dates: boolean[] = [];
    for (const m of section('cellXfs').matchAll(startTag('xf', 'g'))) {
      const id = Number(attrs(m[2]!).get('numFmtId') ?? 0);
      dates.push(custom.get(id) ?? isBuiltInDate(id));
    }
    dateStyles = dates;
    return dates;
  };

  const read = (sheetName?: string): XlsxRow[] => {
    const sheet =
      sheetName === undefined ? sheets[0] : (sheets.find((s) => s.name === sheetName) ?? sheets.find((s) => s.name.toLowerCase() === sheetName.toLowerCase()));
    if (!sheet) {
      if (sheetName === undefined) throw new XlsxError('has no worksheet', '中没有工作表');
      throw new XlsxError(`has no worksheet named "${sheetName}"`, `中没有名为“${sheetName}”的工作表`);
    }
    const xml = xmlOf(sheet.part);
    if (xml === undefined) throw damaged(`worksheet "${sheet.name}" is missing`, `工作表“${sheet.name}”缺失`);
    return readCells(xml, sheet.name, { sharedStrings, styles, date1904, maxCells: lim.maxCells });
  };

  return { sheets: sheets.map(({ name, hidden }) => ({ name, hidden })), date1904, read };
};

interface CellContext {
  sharedStrings: () => string[];
  styles: () => boolean[];
  date1904: boolean;
  maxCells: number;
}

const V_TAG = startTag('v');
const IS_TAG = startTag('is');
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** The cells of a worksheet's XML, merged ranges filled in. */
const readCells = (xml: string, sheetName: string, ctx: CellContext): XlsxRow[] => {
  const data = firstElement(xml, startTag('sheetData'), 'sheetData');
  const rows = new Map<number, XlsxCell[]>();
  let cellCount = 0;
  const tooMany = () => new XlsxError(`has more than ${ctx.maxCells} cells in worksheet "${sheetName}"`, `的工作表“${sheetName}”超过 ${ctx.maxCells} 个单元格`);
  const put = (row: number, col: number, value: XlsxCell) => {
    let cells = rows.get(row);
    if (!cells) {
      cells = [];
      rows.set(row, cells);
    }
    if (col > cells.length) {
      cellCount += col - cells.length;
      if (cellCount > ctx.maxCells) throw tooMany();
      while (cells.length < col - 1) cells.push(null);
      cells.push(value);
    } else cells[col - 1] = value;
  };
  const badRef = (ref: string) =>
    damaged(`cell reference "${ref}" in worksheet "${sheetName}" is not on a worksheet`, `工作表“${sheetName}”中的单元格位置“${ref}”超出范围`);

  if (data) {
    const tag = new RegExp(`<(/?)(${P})(row|c)(?=[\\s/>])${ATTRS}(/?)>`, 'g');
    let rowNo = 0;
    let col = 0;
    for (let m = tag.exec(data); m; m = tag.exec(data)) {
      const [, closing, pfx, name, attrText, empty] = m as unknown as [string, string, string, string, string, string];
      if (closing) continue;
      const a = attrs(attrText);
      if (name === 'row') {
        const r = a.get('r');
        rowNo = r === undefined ? rowNo + 1 : Number(r);
        if (!Number.isInteger(rowNo) || rowNo < 1 || rowNo > MAX_ROW) throw badRef(`row ${r}`);
        col = 0;
        continue;
      }
      let inner = '';
      if (!empty) {
        const close = data.indexOf(`</${pfx}c>`, tag.lastIndex);
        if (close < 0) throw leftOpen('c');
        inner = data.slice(tag.lastIndex, close);
        tag.lastIndex = close + pfx.length + 4;
      }
      const ref = a.get('r');
      let row = rowNo;
      if (ref !== undefined) {
        const rc = parseRef(ref);
        if (!rc) throw badRef(ref);
        [row, col] = rc;
      } else {
        col++;
        if (row < 1) row = rowNo = 1;
        if (col > MAX_COL) throw badRef(`column ${col}`);
      }
      put(row, col, cellValue(inner, a.get('t'), Number(a.get('s') ?? 0), { row, col, sheetName }, ctx));
    }
  }

  // Merged ranges: every cell reads as the top-left one.
  for (const m of xml.matchAll(startTag('mergeCell', 'g'))) {
    const ref = attrs(m[2]!).get('ref') ?? '';
    const [tl, br = tl] = ref.split(':') as [string, string?];
    const a = parseRef(tl);
    const b = parseRef(br);
    if (!a || !b) throw badRef(ref);
    const [top, bottom] = a[0] <= b[0] ? [a[0], b[0]] : [b[0], a[0]];
    const [left, right] = a[1] <= b[1] ? [a[1], b[1]] : [b[1], a[1]];
    if ((bottom - top + 1) * (right - left + 1) > ctx.maxCells) throw tooMany();
    // Every cell of the range is there, if only empty, as exceljs had it (so a merged header adds empty headers).
    const master = rows.get(top)?.[left - 1] ?? null;
    for (let r = top; r <= bottom; r++) for (let c = left; c <= right; c++) put(r, c, master);
  }
  return [...rows].sort((x, y) => x[0] - y[0]).map(([row, cells]) => ({ row, cells }));
};

const colLetters = (col: number): string => (col > 26 ? colLetters(Math.floor((col - 1) / 26)) : '') + String.fromCharCode(65 + ((col - 1) % 26));

/** A cell that cannot be what it says, named as Excel shows it (B7) and, in Chinese, by row and column. */
const badCell = (at: { row: number; col: number; sheetName: string }, what: string, whatZh: string) =>
  damaged(`cell ${colLetters(at.col)}${at.row} in worksheet "${at.sheetName}" ${what}`, `工作表“${at.sheetName}”第 ${at.row} 行第 ${at.col} 列${whatZh}`);

const cellValue = (inner: string, type: string | undefined, style: number, at: { row: number; col: number; sheetName: string }, ctx: CellContext): XlsxCell => {
  if (type === 'inlineStr') {
    const is = firstElement(inner, IS_TAG, 'is');
    if (is !== undefined) return stringItem(is);
  }
  const v = firstElement(inner, V_TAG, 'v');
  if (v === undefined) return null;
  switch (type) {
    case 's': {
      const strings = ctx.sharedStrings();
      const i = Number(v);
      if (!Number.isInteger(i) || i < 0 || i >= strings.length) {
        throw badCell(at, 'refers to a shared string that is not there', '引用的共享文本不存在');
      }
      return strings[i]!;
    }
    case 'str':
    case 'inlineStr':
    case 'e':
      return unescapeXstring(text(v));
    case 'b':
      return Number(v) !== 0;
    case 'd': {
      // An ISO 8601 date (strict OOXML), kept as its date.
      const t = text(v).trim();
      return /^\d{4}-\d{2}-\d{2}/.test(t) ? t.slice(0, 10) : t;
    }
    default: {
      const t = text(v).trim();
      if (t === '') return null;
      if (!NUMBER.test(t)) throw badCell(at, `holds "${t}", which is not a number`, '的数值无法识别');
      const n = Number(t);
      return ctx.styles()[style] ? serialToDate(n, ctx.date1904) : n;
    }
  }
};
