/**
 * Zip archives and .xlsx packages made by hand, for the reader's tests: odd and broken ones that
 * no spreadsheet program writes on purpose.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipFile {
  name: string;
  data: string | Buffer;
  /** 8 (deflate, the default) or 0 (stored); any other number is written as stored bytes under that method. */
  method?: number;
  /** General-purpose flags; bit 11 (UTF-8 names) is always set. */
  flags?: number;
  /** Declared sizes and checksum, when a test wants them to lie. */
  size?: number;
  crc?: number;
}

export const zip = (files: ZipFile[], end: { entries?: number; comment?: string; zip64Locator?: boolean } = {}): Buffer => {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const raw = typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : f.data;
    const method = f.method ?? 8;
    const body = method === 8 ? deflateRawSync(raw) : raw;
    const name = Buffer.from(f.name, 'utf8');
    const flags = (f.flags ?? 0) | 0x800;
    const crc = f.crc ?? crc32(raw);
    const size = f.size ?? raw.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(flags, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, name, body);
    central.push(entry, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const comment = Buffer.from(end.comment ?? '', 'utf8');
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(end.entries ?? files.length, 8);
  eocd.writeUInt16LE(end.entries ?? files.length, 10);
  eocd.writeUInt32LE(directory.length, 12);
  eocd.writeUInt32LE(offset, 16);
  eocd.writeUInt16LE(comment.length, 20);
  const locator = Buffer.alloc(end.zip64Locator ? 20 : 0);
  if (end.zip64Locator) locator.writeUInt32LE(0x07064b50, 0);
  return Buffer.concat([...parts, directory, locator, eocd, comment]);
};

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = `${R}/`;

export interface Package {
  /** Worksheets' XML (the whole part, or only what goes inside <sheetData>), by name. */
  sheets: Record<string, string>;
  /** The <si> items of xl/sharedStrings.xml, or the whole part. */
  sharedStrings?: string[] | string;
  /** The whole of xl/styles.xml. */
  styles?: string;
  date1904?: boolean;
  /** Replaces or adds parts, by name (undefined leaves a part out). */
  parts?: Record<string, string | undefined>;
  method?: number;
}

/** A minimal .xlsx as the spec has it: content types, package and workbook relationships, workbook, sheets. */
export const xlsxPackage = (p: Package): Buffer => {
  const names = Object.keys(p.sheets);
  const sheetXml = (body: string) =>
    body.includes('<worksheet') || body.includes(':worksheet')
      ? body
      : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}" xmlns:r="${R}"><sheetData>${body}</sheetData></worksheet>`;
  const parts: Record<string, string | undefined> = {
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${R}"><workbookPr${p.date1904 ? ' date1904="1"' : ''}/><sheets>${names
      .map((n, i) => `<sheet name="${n.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${names
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
      .join(
        '',
      )}${p.sharedStrings ? `<Relationship Id="rIdS" Type="${REL}sharedStrings" Target="sharedStrings.xml"/>` : ''}${p.styles ? `<Relationship Id="rIdT" Type="${REL}styles" Target="styles.xml"/>` : ''}</Relationships>`,
    ...Object.fromEntries(names.map((n, i) => [`xl/worksheets/sheet${i + 1}.xml`, sheetXml(p.sheets[n]!)])),
  };
  if (p.sharedStrings) {
    parts['xl/sharedStrings.xml'] =
      typeof p.sharedStrings === 'string'
        ? p.sharedStrings
        : `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="${p.sharedStrings.length}">${p.sharedStrings.map((s) => (s.startsWith('<si') ? s : `<si>${s}</si>`)).join('')}</sst>`;
  }
  if (p.styles) parts['xl/styles.xml'] = p.styles;
  Object.assign(parts, p.parts ?? {});
  return zip(Object.entries(parts).flatMap(([name, data]) => (data === undefined ? [] : [{ name, data, method: p.method }])));
};

/** xl/styles.xml with these number formats (custom ones by id ≥ 164) and one cell style per numFmtId, s="0" General. */
export const stylesXml = (numFmtIds: number[], custom: Record<number, string> = {}): string =>
  `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}"><numFmts count="${Object.keys(custom).length}">${Object.entries(custom)
    .map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${code.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"/>`)
    .join(
      '',
    )}</numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="${numFmtIds.length + 1}"><xf numFmtId="0" fontId="0"/>${numFmtIds
    .map((id) => `<xf numFmtId="${id}" fontId="0" applyNumberFormat="1"/>`)
    .join('')}</cellXfs><dxfs count="1"><dxf><numFmt numFmtId="164" formatCode="0.00"/></dxf></dxfs></styleSheet>`;
