/** Downloads a file the API serves and reads it back with parser libraries: a workbook with exceljs, a .docx with jszip and xmldom. */
import { DOMParser } from '@xmldom/xmldom';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Host } from '../../infra/local/host.ts';

export const download = async (host: Pick<Host, 'apiUrl' | 'issuer'>, path: string, user: string) => {
  const res = await fetch(`${host.apiUrl}${path}`, { headers: { authorization: `Bearer ${await host.issuer.sign(user)}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    disposition: res.headers.get('content-disposition') ?? '',
    bytes,
    json: () => JSON.parse(bytes.toString('utf8')),
  };
};

export const readWorkbook = async (bytes: Buffer) => {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as never);
  return book;
};

/** The values of a worksheet's rows, as arrays from column A (exceljs keeps a hole at index 0). */
export const rowsOf = (sheet: ExcelJS.Worksheet): unknown[][] => {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    rows.push((row.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)));
  });
  return rows;
};

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

export interface ReadDocx {
  /** The text of every non-empty paragraph, in order (table cells included). */
  paragraphs: string[];
  /** East Asian fonts named on runs. */
  eastAsiaFonts: Set<string>;
  /** Page size and margins in twips. */
  page: { w: number; h: number; top: number; left: number };
}

export const readDocx = async (bytes: Buffer): Promise<ReadDocx> => {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const all = (node: any, name: string): any[] => Array.from(node.getElementsByTagNameNS(W, name));
  const paragraphs = all(doc, 'p')
    .map((p) =>
      all(p, 't')
        .map((t) => t.textContent)
        .join(''),
    )
    .filter((t) => t.trim() !== '');
  const eastAsiaFonts = new Set(
    all(doc, 'rFonts')
      .map((f) => f.getAttributeNS(W, 'eastAsia') as string)
      .filter(Boolean),
  );
  const pgSz = all(doc, 'pgSz')[0];
  const pgMar = all(doc, 'pgMar')[0];
  const n = (el: any, a: string) => Number(el.getAttributeNS(W, a));
  return { paragraphs, eastAsiaFonts, page: { w: n(pgSz, 'w'), h: n(pgSz, 'h'), top: n(pgMar, 'top'), left: n(pgMar, 'left') } };
};
