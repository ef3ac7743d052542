/**
 * Renders an official document (official-document.ts) as a .docx in the GB/T 9704-2012 layout,
 * with the npm package `docx`. Pure: the model in, the file's bytes out.
 *
 * The layout, and why each choice:
 * - A4, top margin 37 mm, binding side 28 mm, text block 156 × 225 mm; a document grid
 *   (linesAndChars) of 22 lines × 28 characters of 3号 (16 pt) 仿宋, as the standard counts a
 *   page. The grid's character pitch is relative to the default font size, so the default run is
 *   16 pt; the pitch is rounded down so that 22 and 28 fit rather than 21 and 27.
 * - Fonts are named as Word knows them (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体); they are
 *   not free fonts, so a machine without them substitutes. Latin letters and digits are in Times
 *   New Roman, as offices set them, except the page number (半角宋体 in the standard).
 * - Vertical spacing is counted in grid lines (blank 3号 paragraphs), as the standard counts it
 *   (空二行, 空一行), so the document looks the same in Word and WPS.
 * - The authority mark is 36 pt bold, squeezed horizontally to fit one line when long (a long
 *   mark such as 中共…委员会办公室文件 has 18 characters, twice what fits at that size); its
 *   paragraph is off the grid, which would make its line two grid lines tall and spread its
 *   characters over whole grid cells.
 * - The red rule is the document number paragraph's bottom border, 4 mm below it, as wide as the
 *   text block.
 * - 版记 is a table floating at the bottom of the text block: the standard puts its last rule
 *   on the text block's lower edge, which a floating table does in Word without counting lines
 *   (LibreOffice 7.4 sets it in line after the text instead). Its rules are the table's borders
 *   (thick, thin between, thick).
 * - The page number is "— 1 —" in 4号 宋体, right on odd pages and left on even pages, one
 *   character in from the edge, in the footer about 7 mm under the text block.
 *
 * Text comes partly from users: characters XML 1.0 forbids are dropped before docx sees them
 * (docx escapes & < > but would write a control character and make a file Word calls corrupt).
 *
 * `docx` expresses all this (grid, East Asian fonts, character scale, floating tables, even/odd
 * footers), but for a paragraph off the grid, which is put together from docx's public parts
 * (UngriddedParagraph); the XML is not post-processed. The file's core properties hold the time
 * it was written (docx sets them), so two renders of one model differ in those bytes.
 */
import {
  AlignmentType,
  BorderStyle,
  createAlignment,
  createSpacing,
  Document,
  DocumentGridType,
  FileChild,
  Footer,
  type IBorderOptions,
  type IFontAttributesProperties,
  type ISpacingProperties,
  LineRuleType,
  OnOffElement,
  Packer,
  PageNumber,
  Paragraph,
  ParagraphProperties,
  RelativeHorizontalPosition,
  RelativeVerticalPosition,
  Table,
  TableAnchorType,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { type BodyBlock, chineseDate, chineseNumeral, type OfficialDocument, OfficialDocumentError } from './official-document.ts';

const twipsOfMm = (mm: number) => Math.round((mm * 1440) / 25.4);

/** The page in twips (1/20 pt), and the grid. Exported for tests and for anything that lays out beside it. */
export const OFFICIAL_LAYOUT = (() => {
  const pageWidth = 11906; // A4 as Word writes it (210 mm)
  const pageHeight = 16838; // 297 mm
  const top = twipsOfMm(37);
  const left = twipsOfMm(28);
  const textWidth = twipsOfMm(156);
  const textHeight = twipsOfMm(225);
  const lines = 22;
  const chars = 28;
  const bodyPt = 16;
  // Twentieths of a point a line; rounded down so that 22 lines fit in the block.
  const linePitch = Math.floor(textHeight / lines);
  // 4096ths of a point added to the 16 pt pitch (negative: 28 × 16 pt is wider than 156 mm).
  const charSpace = Math.floor((textWidth / chars / 20 - bodyPt) * 4096);
  return {
    pageWidth,
    pageHeight,
    top,
    left,
    right: pageWidth - left - textWidth,
    bottom: pageHeight - top - textHeight,
    textWidth,
    textHeight,
    lines,
    chars,
    linePitch,
    charSpace,
    /** A 3号 character's width on the grid, in twips. */
    charWidth: textWidth / chars,
  };
})();

const L = OFFICIAL_LAYOUT;

/** Font sizes in half-points, as OOXML writes them. */
const SIZES = { body: 32, title: 44, mark: 72, record: 28, pageNumber: 28, table: 28 } as const;

const RED = 'FF0000';

const LATIN = 'Times New Roman';
const face = (eastAsia: string, latin = LATIN): IFontAttributesProperties => ({ eastAsia, ascii: latin, hAnsi: latin, cs: latin });
const FONTS = {
  body: face('仿宋_GB2312'),
  title: face('方正小标宋简体'),
  heading1: face('黑体'),
  heading2: face('楷体_GB2312'),
  pageNumber: face('宋体', '宋体'),
} as const;

// XML 1.0's Char: tab, line ends, and everything from space up but surrogates, U+FFFE and U+FFFF.
// With the u flag a lone surrogate is one code point outside these ranges, so it goes too.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The text with the characters XML 1.0 cannot hold dropped. */
export const xmlText = (text: string): string => text.replace(NOT_XML_CHAR, '');

/** A one-line field: what XML cannot hold dropped, tabs and line ends made single spaces. */
const inline = (text: string): string =>
  xmlText(text)
    .replace(/[\t\r\n]+/g, ' ')
    .trim();

/** A field a clerk may break into lines: its non-blank lines. */
const linesOf = (text: string): string[] =>
  xmlText(text)
    .split(/\r\n?|\n/)
    .map((line) => inline(line))
    .filter((line) => line !== '');

/** Width in characters of the grid: a full-width character is one, a Latin letter or digit half. */
const widthOf = (text: string): number => [...text].reduce((w, c) => w + (c.codePointAt(0)! < 0x2e80 ? 0.5 : 1), 0);

const run = (text: string, font: IFontAttributesProperties = FONTS.body, size: number = SIZES.body) => new TextRun({ text, font, size });

/** A blank line of the grid (the standard's 空一行), its paragraph mark in 3号 仿宋 so it is one line tall. */
const blank = () => new Paragraph({ run: { font: FONTS.body, size: SIZES.body } });

const twoCharIndent = { firstLine: Math.round(2 * L.charWidth), firstLineChars: 200 };

/**
 * A paragraph off the document grid (w:pPr/w:snapToGrid off): its line is as tall as its text
 * and its characters keep their own width. docx's Paragraph cannot say so (only a run can, which
 * Word honours for characters but LibreOffice ignores), so this one is put together from docx's
 * public parts, the properties in the schema's order (snapToGrid before spacing and jc).
 */
class UngriddedParagraph extends FileChild {
  constructor(alignment: (typeof AlignmentType)[keyof typeof AlignmentType], spacing: ISpacingProperties, runs: readonly TextRun[]) {
    super('w:p');
    const properties = new ParagraphProperties();
    properties.push(new OnOffElement('w:snapToGrid', false));
    properties.push(createSpacing(spacing));
    properties.push(createAlignment(alignment));
    this.root.push(properties, ...runs);
  }
}

function versionHead(doc: OfficialDocument): FileChild[] {
  const out: FileChild[] = [];
  // 份号, 密级, 紧急程度: each on its own line at the top left of the text block, 3号 (黑体 for the last two).
  if (doc.copyNumber !== undefined) {
    if (!Number.isInteger(doc.copyNumber) || doc.copyNumber < 1 || doc.copyNumber > 999_999) {
      throw new OfficialDocumentError(`a copy number must be 1–999999, not ${doc.copyNumber}`);
    }
    out.push(new Paragraph({ children: [run(String(doc.copyNumber).padStart(6, '0'))] }));
  }
  if (doc.classification) out.push(new Paragraph({ children: [run(inline(doc.classification), FONTS.heading1)] }));
  if (doc.urgency) out.push(new Paragraph({ children: [run(inline(doc.urgency), FONTS.heading1)] }));

  // The mark's upper edge is 35 mm below the text block's, counting the lines above it.
  const mark = inline(doc.authorityMark);
  const markPt = SIZES.mark / 2;
  const fitPercent = Math.floor(((L.textWidth / 20) * 0.98 * 100) / (Math.max(widthOf(mark), 1) * markPt));
  out.push(
    new UngriddedParagraph(AlignmentType.CENTER, { before: Math.max(0, twipsOfMm(35) - out.length * L.linePitch) }, [
      new TextRun({
        text: mark,
        font: FONTS.title,
        size: SIZES.mark,
        bold: true,
        color: RED,
        scale: Math.max(1, Math.min(100, fitPercent)),
        snapToGrid: false,
      }),
    ]),
  );
  // 发文字号 two blank lines below the mark, centred; the red rule 4 mm below it.
  out.push(blank(), blank());
  const rule: IBorderOptions = { style: BorderStyle.SINGLE, color: RED, size: 12, space: 11 };
  out.push(new Paragraph({ alignment: AlignmentType.CENTER, border: { bottom: rule }, children: [run(inline(doc.documentNumber))] }));
  return out;
}

function bodyBlocks(blocks: readonly BodyBlock[]): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  let level1 = 0;
  let level2 = 0;
  for (const block of blocks) {
    if (block.kind === 'paragraph') {
      for (const line of linesOf(block.text)) {
        out.push(new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: twoCharIndent, children: [run(line)] }));
      }
    } else if (block.kind === 'heading') {
      const number = block.level === 1 ? `${chineseNumeral(++level1)}、` : `（${chineseNumeral(++level2)}）`;
      if (block.level === 1) level2 = 0;
      const children = [run(number + inline(block.text), block.level === 1 ? FONTS.heading1 : FONTS.heading2)];
      if (block.runIn) children.push(run(inline(block.runIn)));
      out.push(new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: twoCharIndent, children }));
    } else {
      out.push(table(block));
    }
  }
  return out;
}

const thin: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

/** A body table: 4号 仿宋 so that a form of several columns fits, the header row in 黑体 and repeated on each page. */
function table(block: Extract<BodyBlock, { kind: 'table' }>): Table {
  const columns = block.header.length;
  if (columns === 0) throw new OfficialDocumentError('a table needs at least one column');
  for (const [i, row] of block.rows.entries()) {
    if (row.length !== columns) throw new OfficialDocumentError(`table row ${i + 1} has ${row.length} cells, the header ${columns}`);
  }
  const weights = block.widths ?? block.header.map(() => 1);
  if (weights.length !== columns || weights.some((w) => !(w > 0))) {
    throw new OfficialDocumentError(`a table's widths must be ${columns} positive numbers`);
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((L.textWidth * w) / total));
  const cell = (text: string, width: number, header: boolean) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      children: linesOf(text).length
        ? linesOf(text).map(
            (line) =>
              new Paragraph({
                alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT,
                children: [run(line, header ? FONTS.heading1 : FONTS.body, SIZES.table)],
              }),
          )
        : [new Paragraph({ run: { font: FONTS.body, size: SIZES.table } })],
    });
  return new Table({
    width: { size: L.textWidth, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: thin, bottom: thin, left: thin, right: thin, insideHorizontal: thin, insideVertical: thin },
    rows: [
      new TableRow({ tableHeader: true, children: block.header.map((text, i) => cell(text, widths[i]!, true)) }),
      ...block.rows.map((row) => new TableRow({ children: row.map((text, i) => cell(text, widths[i]!, false)) })),
    ],
  });
}

/** 附件说明: 附件：name, or 附件：1.name and the next names under the first, wrapped lines under the name. */
function attachmentNote(names: readonly string[]): Paragraph[] {
  const items = names.map((name) => inline(name).replace(/[。．.，,；;：:]+$/u, '')).filter((name) => name !== '');
  if (!items.length) return [];
  const c = L.charWidth;
  return [
    blank(),
    ...items.map((name, i) => {
      const numbered = items.length > 1 ? `${i + 1}.` : '';
      const lead = i === 0 ? `附件：${numbered}` : numbered;
      // The name starts after 空二字 + 附件： (+ the number); wrapped lines line up with it.
      const nameStart = 2 + 3 + widthOf(numbered);
      return new Paragraph({
        alignment: AlignmentType.JUSTIFIED,
        indent: { left: Math.round(nameStart * c), hanging: Math.round((nameStart - 2 - (i === 0 ? 0 : 3)) * c) },
        children: [run(lead + name)],
      });
    }),
  ];
}

/**
 * 署名 and 成文日期. Without a seal (7.3.5.2): one blank line, the signature 右空二字, the date
 * under it starting two characters further right, or 右空二字 when it is the longer, the
 * signature then moving left as far. With a seal (7.3.5.1): the date 右空四字 and the signature
 * centred over it, two blank lines above for the seal, whose top is within a line of the text.
 */
function signatureAndDate(doc: OfficialDocument): Paragraph[] {
  const signature = inline(doc.signature);
  const date = chineseDate(doc.date);
  const sw = widthOf(signature);
  const dw = widthOf(date);
  let sigRight: number;
  let dateRight: number;
  if (doc.sealed) {
    dateRight = 4;
    sigRight = Math.max(0, dateRight + (dw - sw) / 2);
  } else {
    sigRight = 2;
    dateRight = sw - 2 - dw;
    if (dateRight < 2) {
      dateRight = 2;
      sigRight = dateRight + dw + 2 - sw;
    }
  }
  const line = (text: string, rightChars: number) =>
    new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: Math.round(rightChars * L.charWidth) }, children: [run(text)] });
  const out = doc.sealed ? [blank(), blank()] : [blank()];
  out.push(line(signature, sigRight), line(date, dateRight));
  if (doc.note && inline(doc.note)) {
    const note = inline(doc.note).replace(/^[（(]\s*(.*?)\s*[)）]$/u, '$1');
    out.push(new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: twoCharIndent, children: [run(`（${note}）`)] }));
  }
  return out;
}

/**
 * 版记: 抄送 and 印发机关/印发日期 in 4号 仿宋 between a thick rule (0.35 mm), a thin one
 * (0.25 mm) between the two and a thick one, the last on the lower edge of the text block.
 * 抄送：A，B，C。 is one character in from either side, its wrapped lines under the first name;
 * 印发机关 one character in from the left, 印发日期 + 印发 one character in from the right.
 */
function versionRecord(doc: OfficialDocument): Table | undefined {
  const copyTo = (doc.copyTo ?? []).map((name) => inline(name).replace(/[。，,；;、]+$/u, '')).filter((name) => name !== '');
  const rows: TableRow[] = [];
  const c = (SIZES.record / 2) * 20; // one 4号 character, twips
  const thick: IBorderOptions = { style: BorderStyle.SINGLE, size: 8, color: '000000' };
  const thinRule: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
  const none: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
  // Two columns: 抄送 spans both; 印发机关 is in the first, 印发日期 right-aligned in the second (no tab stop,
  // which renderers place differently near the right indent). The second is 14 characters wide: the
  // date and 印发 are 9, and Word and WPS put a space between Chinese characters and digits.
  const dateColumn = Math.round(14 * c);
  const columns = [L.textWidth - dateColumn, dateColumn];
  const cell = (paragraph: Paragraph, width: number, columnSpan = 1) =>
    new TableCell({ width: { size: width, type: WidthType.DXA }, columnSpan, margins: { left: 0, right: 0 }, children: [paragraph] });
  const recordRun = (text: string) => run(text, FONTS.body, SIZES.record);
  if (copyTo.length) {
    const paragraph = new Paragraph({
      alignment: AlignmentType.JUSTIFIED,
      indent: { left: 4 * c, hanging: 3 * c, right: c },
      children: [recordRun(`抄送：${copyTo.join('，')}。`)],
    });
    rows.push(new TableRow({ children: [cell(paragraph, L.textWidth, 2)] }));
  }
  if (doc.printing) {
    const by = new Paragraph({ indent: { left: c }, children: [recordRun(inline(doc.printing.authority))] });
    const on = new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: c }, children: [recordRun(`${chineseDate(doc.printing.date)}印发`)] });
    rows.push(new TableRow({ children: [cell(by, columns[0]!), cell(on, columns[1]!)] }));
  }
  if (!rows.length) return undefined;
  return new Table({
    width: { size: L.textWidth, type: WidthType.DXA },
    columnWidths: columns,
    layout: TableLayoutType.FIXED,
    borders: { top: thick, bottom: thick, left: none, right: none, insideHorizontal: thinRule, insideVertical: none },
    float: {
      horizontalAnchor: TableAnchorType.MARGIN,
      verticalAnchor: TableAnchorType.MARGIN,
      relativeHorizontalPosition: RelativeHorizontalPosition.CENTER,
      relativeVerticalPosition: RelativeVerticalPosition.BOTTOM,
    },
    rows,
  });
}

/** "— 1 —" in 4号 宋体, one character in from the outer edge: right on odd pages, left on even ones. */
const pageNumberFooter = (side: 'odd' | 'even') =>
  new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: (SIZES.pageNumber / 2) * 20 } : { left: (SIZES.pageNumber / 2) * 20 },
        // An exact line so the grid does not make the footer a 3号 line tall and move the number.
        spacing: { line: 360, lineRule: LineRuleType.EXACT },
        children: [new TextRun({ font: FONTS.pageNumber, size: SIZES.pageNumber, children: ['— ', PageNumber.CURRENT, ' —'] })],
      }),
    ],
  });

/** The document as .docx bytes. Throws an OfficialDocumentError for a model no document can be made of. */
export async function renderOfficialDocx(doc: OfficialDocument): Promise<Buffer> {
  const title = linesOf(doc.title);
  if (!title.length) throw new OfficialDocumentError('a document needs a title');
  const addressee = doc.addressee ? inline(doc.addressee).replace(/[:：]+$/u, '') : '';

  const children: FileChild[] = [
    ...versionHead(doc),
    // 标题 two blank lines below the red rule, 2号 小标宋, centred, on the lines the clerk gave.
    blank(),
    blank(),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: title.map((line, i) => new TextRun({ text: line, font: FONTS.title, size: SIZES.title, break: i > 0 ? 1 : 0 })),
    }),
    blank(),
    // 主送机关 one blank line below the title, flush left, ending with a full-width colon.
    ...(addressee ? [new Paragraph({ children: [run(`${addressee}：`)] })] : []),
    ...bodyBlocks(doc.body),
    ...attachmentNote(doc.attachments ?? []),
    ...signatureAndDate(doc),
  ];
  const record = versionRecord(doc);
  // A floating table is anchored to the paragraph after it, and a body must end with a paragraph.
  if (record) children.push(record, new Paragraph({ run: { font: FONTS.body, size: SIZES.body } }));

  const document = new Document({
    title: title.join(''),
    creator: inline(doc.signature),
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: FONTS.body, size: SIZES.body, language: { value: 'en-US', eastAsia: 'zh-CN' } },
          paragraph: { spacing: { before: 0, after: 0 } },
        },
      },
      // The grid's character pitch is relative to the Normal style's size; LibreOffice reads it from the style alone.
      paragraphStyles: [{ id: 'Normal', name: 'Normal', run: { font: FONTS.body, size: SIZES.body } }],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: L.pageWidth, height: L.pageHeight },
            // The footer's distance from the page edge puts the number about 7 mm under the text block.
            margin: { top: L.top, bottom: L.bottom, left: L.left, right: L.right, header: twipsOfMm(15), footer: L.bottom - twipsOfMm(7) - 360, gutter: 0 },
          },
          grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: L.linePitch, charSpace: L.charSpace },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
