/**
 * Reads an uploaded table as offices produce them: .xlsx (Excel, WPS) or .csv in UTF-8 (with or
 * without BOM) or GB18030 (what Excel and WPS save as "CSV" on Chinese Windows). Cells keep
 * their type where the format has one, so an ID that Excel stored as a number stays a number
 * and is refused with that explanation.
 */
import ExcelJS from 'exceljs';

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

const toSheet = (name: string, grid: Cell[][]): Sheet => {
  const [header, ...body] = grid;
  if (!header) return { name, headers: [], rows: [] };
  const headers = header.map((h) => String(h ?? '').trim());
  const rows: TableRow[] = [];
  body.forEach((cells, i) => {
    if (cells.every((c) => c === null || String(c).trim() === '')) return;
    rows.push({ row: i + 2, values: Object.fromEntries(headers.map((h, j) => [h, cells[j] ?? null])) });
  });
  return { name, headers, rows };
};

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

export const readTable = async (fileName: string, content: Buffer): Promise<Sheet[]> => {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) {
    const grid = parseCsv(decode(content)).map((r) => r.map((c) => c.trim() as Cell));
    return [toSheet(fileName.replace(/\.csv$/i, ''), grid)];
  }
  if (lower.endsWith('.xlsx')) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(content as unknown as ArrayBuffer);
    } catch {
      throw new TableReadError(`${fileName} is not a readable .xlsx workbook`, `${fileName} 不是可以读取的电子表格工作簿`);
    }
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
      return toSheet(ws.name, grid);
    });
  }
  throw new TableReadError(
    `${fileName}: only .xlsx and .csv files can be imported (an old .xls must be saved as .xlsx first)`,
    `${fileName}：只能导入 xlsx 和 csv 文件（旧的 xls 文件请先另存为 xlsx）`,
  );
};
