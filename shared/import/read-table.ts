/**
 * Reads an uploaded table as offices produce them: .xlsx (Excel, WPS) or .csv in UTF-8 (with or
 * without BOM) or GB18030 (what Excel and WPS save as "CSV" on Chinese Windows). Cells keep
 * their type where the format has one, so an ID that Excel stored as a number stays a number
 * and is refused with that explanation.
 */
import { openXlsx, XlsxError, type XlsxRow } from './xlsx.ts';

export type Cell = string | number | boolean | null;
export interface TableRow {
  /** 1-based row number as the user sees it in the file (the header is row 1). */
  row: number;
  values: Record<string, Cell>;
}
export interface Sheet {
  name: string;
  headers: string[];
  rows: TableRow[];
}

/** A file that cannot be read as a table at all (as opposed to a bad row), in both languages. */
export class TableReadError extends Error {
  constructor(
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
  }
}

const decode = (buf: Buffer): string => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
};

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks. */
export const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new TableReadError('A quoted field is never closed', '文件中有一个引号没有闭合');
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
};

/** The sheet a worksheet's rows make: row 1 is the header, a row left out is empty. */
const toSheet = (name: string, rows: XlsxRow[]): Sheet => {
  if (!rows.length) return { name, headers: [], rows: [] };
  const headers = rows[0]!.row === 1 ? rows[0]!.cells.map((h) => String(h ?? '').trim()) : [];
  const out: TableRow[] = [];
  for (const { row, cells } of rows) {
    if (row === 1 || cells.every((c) => c === null || String(c).trim() === '')) continue;
    out.push({ row, values: Object.fromEntries(headers.map((h, j) => [h, cells[j] ?? null])) });
  }
  return { name, headers, rows: out };
};

export const readTable = async (fileName: string, content: Buffer): Promise<Sheet[]> => {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) {
    // Numbered among the lines parseCsv keeps: a blank line does not count.
    const rows = parseCsv(decode(content)).map((r, i) => ({ row: i + 1, cells: r.map((c) => c.trim()) }));
    return [toSheet(fileName.replace(/\.csv$/i, ''), rows)];
  }
  if (lower.endsWith('.xlsx')) {
    let sheets: { name: string; rows: XlsxRow[] }[];
    try {
      const wb = openXlsx(content);
      sheets = wb.sheets.map((s) => ({ name: s.name, rows: wb.read(s.name) }));
    } catch (e) {
      if (e instanceof XlsxError) throw new TableReadError(`${fileName} ${e.message}`, `${fileName} ${e.messageZh}`);
      throw new TableReadError(`${fileName} is not a readable .xlsx workbook`, `${fileName} 不是可以读取的电子表格工作簿`);
    }
    return sheets.map((s) => toSheet(s.name, s.rows));
  }
  throw new TableReadError(
    `${fileName}: only .xlsx and .csv files can be imported (an old .xls must be saved as .xlsx first)`,
    `${fileName}：只能导入 xlsx 和 csv 文件（旧的 xls 文件请先另存为 xlsx）`,
  );
};
