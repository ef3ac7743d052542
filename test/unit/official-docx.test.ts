/**
 * The official-document renderer: each .docx is unzipped and its XML parsed back, and what Word
 * would read is checked (text and its order, fonts, sizes, colours, page setup, grid, footers,
 * tables), not the bytes docx happens to write.
 */
import { DOMParser } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { chineseDate, chineseNumeral, type OfficialDocument, OfficialDocumentError } from '../../shared/documents/official-document.ts';
import { OFFICIAL_LAYOUT, renderOfficialDocx, xmlText } from '../../shared/documents/official-docx.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const all = (node: any, name: string): any[] => Array.from(node.getElementsByTagNameNS(W, name));
const first = (node: any, name: string): any => all(node, name)[0];
const attr = (el: any, name: string): string | undefined => el?.getAttributeNS(W, name) || undefined;
const textOf = (p: any) =>
  all(p, 't')
    .map((t) => t.textContent)
    .join('');
const eastAsia = (r: any) => attr(first(r, 'rFonts'), 'eastAsia');
const size = (r: any) => attr(first(r, 'sz'), 'val');
const mm = (twips: number) => (twips * 25.4) / 1440;

interface Opened {
  files: string[];
  body: any;
  /** Every paragraph of the body in document order, table cells' included. */
  paragraphs: any[];
  texts: string[];
  xml: string;
  part: (path: string) => Promise<any>;
}

async function open(doc: OfficialDocument): Promise<Opened> {
  const bytes = await renderOfficialDocx(doc);
  expect(Buffer.isBuffer(bytes)).toBe(true);
  const zip = await JSZip.loadAsync(bytes);
  const part = async (path: string) => {
    const file = zip.file(path);
    if (!file) throw new Error(`no ${path} in the package`);
    return new DOMParser({ onError: (level, message) => expect.fail(`${path}: ${level} ${message}`) }).parseFromString(await file.async('string'), 'text/xml');
  };
  const xml = await zip.file('word/document.xml')!.async('string');
  const body = first(await part('word/document.xml'), 'body');
  const paragraphs = all(body, 'p');
  return { files: Object.keys(zip.files), body, paragraphs, texts: paragraphs.map(textOf), xml, part };
}

const para = (o: Opened, text: string) => {
  const found = o.paragraphs.filter((p) => textOf(p) === text);
  expect(found, `one paragraph "${text}"`).toHaveLength(1);
  return found[0];
};
const indexOf = (o: Opened, text: string) => o.texts.indexOf(text);

const MARK = '中共咸宁市委机构编制委员会办公室文件';
const SIGNATURE = '中共咸宁市委机构编制委员会办公室';

const APPROVAL: OfficialDocument = {
  authorityMark: MARK,
  documentNumber: '咸编发〔2026〕7号',
  title: '关于同意市数据局调整内设机构的批复',
  addressee: '市数据局',
  body: [
    { kind: 'paragraph', text: '你局《关于调整内设机构的请示》收悉。经研究，批复如下：' },
    { kind: 'heading', level: 1, text: '同意设立数据资源管理科' },
    { kind: 'heading', level: 2, text: '主要职责。', runIn: '承担全市数据资源的整合共享。' },
    { kind: 'heading', level: 2, text: '人员编制。' },
    {
      kind: 'table',
      header: ['单位名称', '编制类型', '核定编制'],
      rows: [
        ['咸宁市数据局', '行政编制', '12'],
        ['咸宁市大数据中心', '事业编制', '20'],
      ],
      widths: [2, 1, 1],
    },
    { kind: 'heading', level: 1, text: '其他事项' },
    { kind: 'heading', level: 2, text: '抓好落实。' },
    { kind: 'paragraph', text: '请按规定办理机构编制实名制登记。' },
  ],
  attachments: ['机构编制卡', '职责调整说明'],
  signature: SIGNATURE,
  date: '2026-11-30',
  note: '此件公开发布',
  copyTo: ['市委组织部', '市财政局'],
  printing: { authority: SIGNATURE, date: '2026-12-01' },
};

describe('renderOfficialDocx', () => {
  it('writes a Word package whose paragraphs are the document in the order of GB/T 9704', async () => {
    const o = await open(APPROVAL);
    expect(o.files).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', 'word/settings.xml']));
    expect(o.texts.filter((t) => t !== '')).toEqual([
      MARK,
      '咸编发〔2026〕7号',
      '关于同意市数据局调整内设机构的批复',
      '市数据局：',
      '你局《关于调整内设机构的请示》收悉。经研究，批复如下：',
      '一、同意设立数据资源管理科',
      '（一）主要职责。承担全市数据资源的整合共享。',
      '（二）人员编制。',
      '单位名称',
      '编制类型',
      '核定编制',
      '咸宁市数据局',
      '行政编制',
      '12',
      '咸宁市大数据中心',
      '事业编制',
      '20',
      '二、其他事项',
      '（一）抓好落实。',
      '请按规定办理机构编制实名制登记。',
      '附件：1.机构编制卡',
      '2.职责调整说明',
      SIGNATURE,
      '2026年11月30日',
      '（此件公开发布）',
      '抄送：市委组织部，市财政局。',
      SIGNATURE,
      '2026年12月1日印发',
    ]);
  });

  it('counts the space between parts in blank lines: number two below the mark, title two below the rule, addressee one below the title', async () => {
    const o = await open(APPROVAL);
    const mark = indexOf(o, MARK);
    const number = indexOf(o, '咸编发〔2026〕7号');
    const title = indexOf(o, '关于同意市数据局调整内设机构的批复');
    expect(number - mark).toBe(3);
    expect(title - number).toBe(3);
    expect(indexOf(o, '市数据局：') - title).toBe(2);
    expect(o.texts.slice(mark + 1, number)).toEqual(['', '']);
    expect(o.texts.slice(number + 1, title)).toEqual(['', '']);
    // The blank lines are 3号 lines of the grid.
    for (const p of o.paragraphs.slice(mark + 1, number)) expect(size(first(p, 'pPr'))).toBe('32');
    // Signature one blank line below the attachment note when there is no seal.
    expect(o.texts[indexOf(o, SIGNATURE) - 1]).toBe('');
    expect(o.texts[indexOf(o, SIGNATURE) - 2]).toBe('2.职责调整说明');
  });

  it('sets the authority mark red, bold, centred in 方正小标宋简体, squeezed into one line and off the grid', async () => {
    const o = await open(APPROVAL);
    const p = para(o, MARK);
    expect(attr(first(p, 'jc'), 'val')).toBe('center');
    expect(attr(first(first(p, 'pPr'), 'snapToGrid'), 'val')).toMatch(/^(0|false)$/);
    const runs = all(p, 'r');
    expect(runs).toHaveLength(1);
    const r = runs[0];
    expect(attr(first(r, 'color'), 'val')).toMatch(/^(FF0000|C00000)$/i);
    expect(first(r, 'b')).toBeDefined();
    expect(eastAsia(r)).toBe('方正小标宋简体');
    expect(Number(size(r))).toBeGreaterThan(44);
    // 18 characters of 36 pt are 648 pt; the text block is 442 pt wide.
    const scale = Number(attr(first(r, 'w'), 'val'));
    expect(scale).toBeLessThan(100);
    expect((18 * (Number(size(r)) / 2) * scale) / 100).toBeLessThanOrEqual(OFFICIAL_LAYOUT.textWidth / 20);
    // The mark's top is 35 mm below the text block's top.
    expect(mm(Number(attr(first(p, 'spacing'), 'before')))).toBeCloseTo(35, 0);
  });

  it('puts the document number centred above a red rule', async () => {
    const o = await open(APPROVAL);
    const p = para(o, '咸编发〔2026〕7号');
    expect(attr(first(p, 'jc'), 'val')).toBe('center');
    const rule = first(first(p, 'pBdr'), 'bottom');
    expect(attr(rule, 'val')).toBe('single');
    expect(attr(rule, 'color')).toMatch(/^(FF0000|C00000)$/i);
    expect(eastAsia(first(p, 'r'))).toBe('仿宋_GB2312');
  });

  it('sets title, body, headings and 版记 in their fonts and sizes', async () => {
    const o = await open(APPROVAL);
    const title = para(o, '关于同意市数据局调整内设机构的批复');
    expect(attr(first(title, 'jc'), 'val')).toBe('center');
    for (const r of all(title, 'r')) expect([eastAsia(r), size(r)]).toEqual(['方正小标宋简体', '44']);

    for (const text of [
      '市数据局：',
      '你局《关于调整内设机构的请示》收悉。经研究，批复如下：',
      '请按规定办理机构编制实名制登记。',
      SIGNATURE,
      '2026年11月30日',
    ]) {
      const p = o.paragraphs.find((q) => textOf(q) === text);
      for (const r of all(p, 'r')) expect([text, eastAsia(r), size(r)]).toEqual([text, '仿宋_GB2312', '32']);
    }
    // Every run names a Latin font too.
    for (const r of all(o.body, 'r')) expect(attr(first(r, 'rFonts'), 'ascii')).toBeTruthy();

    const body = para(o, '你局《关于调整内设机构的请示》收悉。经研究，批复如下：');
    expect(attr(first(body, 'ind'), 'firstLineChars')).toBe('200');
    expect(Number(attr(first(body, 'ind'), 'firstLine'))).toBe(Math.round(2 * OFFICIAL_LAYOUT.charWidth));

    const h1 = para(o, '一、同意设立数据资源管理科');
    expect(all(h1, 'r').map(eastAsia)).toEqual(['黑体']);
    expect(size(first(h1, 'r'))).toBe('32');
    const h2 = para(o, '（一）主要职责。承担全市数据资源的整合共享。');
    // The heading in 楷体, the text that runs on after it in 仿宋.
    expect(all(h2, 'r').map((r) => [textOf(r), eastAsia(r)])).toEqual([
      ['（一）主要职责。', '楷体_GB2312'],
      ['承担全市数据资源的整合共享。', '仿宋_GB2312'],
    ]);

    for (const text of ['抄送：市委组织部，市财政局。', '2026年12月1日印发']) {
      for (const r of all(para(o, text), 'r')) expect([eastAsia(r), size(r)]).toEqual(['仿宋_GB2312', '28']);
    }
  });

  it('declares Chinese as the East Asian language and 3号 仿宋 as the Normal font the grid counts from', async () => {
    const o = await open(APPROVAL);
    const styles = await o.part('word/styles.xml');
    const defaults = first(styles, 'rPrDefault');
    expect(attr(first(defaults, 'lang'), 'eastAsia')).toBe('zh-CN');
    expect(eastAsia(defaults)).toBe('仿宋_GB2312');
    const normal = all(styles, 'style').filter((s) => s.getAttributeNS(W, 'styleId') === 'Normal');
    expect(normal).toHaveLength(1);
    expect(size(normal[0])).toBe('32');
  });

  it('lays out A4 with the margins and the 22 × 28 grid of GB/T 9704', async () => {
    const o = await open(APPROVAL);
    const sect = first(o.body, 'sectPr');
    const pgSz = first(sect, 'pgSz');
    expect([attr(pgSz, 'w'), attr(pgSz, 'h')]).toEqual(['11906', '16838']);
    const pgMar = first(sect, 'pgMar');
    const margin = (side: string) => Number(attr(pgMar, side));
    expect(margin('top')).toBe(2098);
    expect(mm(margin('top'))).toBeCloseTo(37, 1);
    expect(mm(margin('left'))).toBeCloseTo(28, 1);
    expect(Math.abs(margin('left') - 1588)).toBeLessThanOrEqual(1);
    // The text block: 156 × 225 mm.
    const textWidth = 11906 - margin('left') - margin('right');
    const textHeight = 16838 - margin('top') - margin('bottom');
    expect(mm(textWidth)).toBeCloseTo(156, 1);
    expect(mm(textHeight)).toBeCloseTo(225, 1);
    expect(mm(margin('right'))).toBeCloseTo(26, 1);
    expect(mm(margin('bottom'))).toBeCloseTo(35, 1);

    const grid = first(sect, 'docGrid');
    expect(attr(grid, 'type')).toBe('linesAndChars');
    const linePitch = Number(attr(grid, 'linePitch'));
    const charSpace = Number(attr(grid, 'charSpace'));
    expect([linePitch, charSpace]).toEqual([579, -849]);
    // What Word makes of them: 22 lines a page, 28 characters of 16 pt a line.
    expect(Math.floor(textHeight / linePitch)).toBe(22);
    expect(Math.floor(textWidth / 20 / (16 + charSpace / 4096))).toBe(28);
  });

  it('numbers pages "— n —" in 4号 宋体, right on odd pages and left on even ones', async () => {
    const o = await open(APPROVAL);
    const settings = await o.part('word/settings.xml');
    expect(first(settings, 'evenAndOddHeaders')).toBeDefined();
    const rels = await o.part('word/_rels/document.xml.rels');
    const target = (id: string) =>
      Array.from(rels.getElementsByTagName('Relationship') as ArrayLike<any>)
        .find((rel) => rel.getAttribute('Id') === id)!
        .getAttribute('Target');
    const refs = all(first(o.body, 'sectPr'), 'footerReference');
    expect(refs.map((ref) => attr(ref, 'type')).sort()).toEqual(['default', 'even']);
    for (const ref of refs) {
      const footer = await o.part(`word/${target(ref.getAttributeNS(R, 'id'))}`);
      const p = first(footer, 'p');
      expect(attr(first(p, 'jc'), 'val')).toBe(attr(ref, 'type') === 'even' ? 'left' : 'right');
      expect(all(p, 'instrText').map((i) => i.textContent.trim())).toEqual(['PAGE']);
      expect(all(p, 'fldChar').map((f) => attr(f, 'fldCharType'))).toEqual(['begin', 'separate', 'end']);
      expect(textOf(p)).toBe('—  —'); // the number is the field's
      expect(all(p, 't')[0].textContent).toBe('— ');
      for (const r of all(p, 'r')) expect([eastAsia(r), attr(first(r, 'rFonts'), 'ascii'), size(r)]).toEqual(['宋体', '宋体', '28']);
    }
  });

  it('writes a body table as wide as the text block, its header row repeated and in 黑体', async () => {
    const o = await open(APPROVAL);
    const tables = all(o.body, 'tbl');
    const table = tables.find((t) => !first(t, 'tblpPr'));
    const rows = all(table, 'tr');
    expect(rows.map((tr) => all(tr, 'tc').map(textOf))).toEqual([
      ['单位名称', '编制类型', '核定编制'],
      ['咸宁市数据局', '行政编制', '12'],
      ['咸宁市大数据中心', '事业编制', '20'],
    ]);
    expect(first(rows[0], 'tblHeader')).toBeDefined();
    expect(all(rows[0], 'r').map(eastAsia)).toEqual(['黑体', '黑体', '黑体']);
    expect(all(rows[1], 'r').map(size)).toEqual(['28', '28', '28']);
    const cols = all(table, 'gridCol').map((c) => Number(attr(c, 'w')));
    expect(cols).toHaveLength(3);
    expect(cols[0]).toBe(2 * cols[1]!);
    expect(OFFICIAL_LAYOUT.textWidth - cols.reduce((a, b) => a + b, 0)).toBeLessThan(3);
  });

  it('puts 版记 between rules in a table floating at the bottom of the text block', async () => {
    const o = await open(APPROVAL);
    const record = all(o.body, 'tbl').find((t) => first(t, 'tblpPr'));
    expect(record).toBeDefined();
    const pos = first(record, 'tblpPr');
    expect([attr(pos, 'vertAnchor'), attr(pos, 'tblpYSpec')]).toEqual(['margin', 'bottom']);
    const borders = first(record, 'tblBorders');
    const rule = (side: string) => first(borders, side);
    expect([attr(rule('top'), 'val'), attr(rule('bottom'), 'val'), attr(rule('insideH'), 'val')]).toEqual(['single', 'single', 'single']);
    // Thick first and last rules, a thin one between.
    expect(Number(attr(rule('top'), 'sz'))).toBeGreaterThan(Number(attr(rule('insideH'), 'sz')));
    expect(attr(rule('left'), 'val')).toBe('none');
    const rows = all(record, 'tr');
    expect(rows.map((tr) => all(tr, 'tc').map(textOf))).toEqual([['抄送：市委组织部，市财政局。'], [SIGNATURE, '2026年12月1日印发']]);
    // The body ends with a paragraph after it.
    expect(o.body.lastChild.previousSibling.localName).toBe('p');
  });

  it('sets signature and date for a document without a seal: signature 右空二字, date two characters further right', async () => {
    // (Without 版记, whose 印发机关 is the signature's text.)
    const o = await open({ ...APPROVAL, printing: undefined });
    const c = OFFICIAL_LAYOUT.charWidth;
    const right = (text: string) => Number(attr(first(para(o, text), 'ind'), 'right'));
    expect(right(SIGNATURE)).toBe(Math.round(2 * c));
    // 16 characters of signature, the date 7 wide (digits are half): 16 − 2 − 7 = 7 characters from the right.
    expect(right('2026年11月30日')).toBe(Math.round(7 * c));
    for (const text of [SIGNATURE, '2026年11月30日']) expect(attr(first(para(o, text), 'jc'), 'val')).toBe('right');
  });

  it('moves a short signature left so that the longer date is 右空二字, and centres it over the date when sealed', async () => {
    const c = OFFICIAL_LAYOUT.charWidth;
    const short = await open({ ...APPROVAL, signature: '咸宁市编办', copyTo: [], printing: undefined });
    const right = (o: Opened, text: string) => Number(attr(first(para(o, text), 'ind'), 'right'));
    expect(right(short, '2026年11月30日')).toBe(Math.round(2 * c));
    expect(right(short, '咸宁市编办')).toBe(Math.round((2 + 7 + 2 - 5) * c));

    const sealed = await open({ ...APPROVAL, signature: '咸宁市编办', sealed: true });
    expect(right(sealed, '2026年11月30日')).toBe(Math.round(4 * c));
    expect(right(sealed, '咸宁市编办')).toBe(Math.round((4 + (7 - 5) / 2) * c));
    // Room for the seal: two blank lines above the signature.
    const i = indexOf(sealed, '咸宁市编办');
    expect(sealed.texts.slice(i - 2, i)).toEqual(['', '']);
  });

  it('sets 份号, 密级 and 紧急程度 on the first lines and keeps the mark 35 mm down', async () => {
    const o = await open({ ...APPROVAL, copyNumber: 12, classification: '秘密★1年', urgency: '特急' });
    expect(o.texts.slice(0, 4)).toEqual(['000012', '秘密★1年', '特急', MARK]);
    expect(eastAsia(first(o.paragraphs[1], 'r'))).toBe('黑体');
    const before = Number(attr(first(o.paragraphs[3], 'spacing'), 'before'));
    expect(before + 3 * OFFICIAL_LAYOUT.linePitch).toBe(1984);
  });

  it('leaves out what the model leaves out', async () => {
    const o = await open({ ...APPROVAL, addressee: undefined, attachments: undefined, note: undefined, copyTo: undefined, printing: undefined });
    expect(all(o.body, 'tbl').filter((t) => first(t, 'tblpPr'))).toEqual([]);
    expect(o.texts.some((t) => t.startsWith('附件') || t.startsWith('抄送') || t.includes('印发') || t.startsWith('（此件'))).toBe(false);
    expect(o.texts.filter((t) => t !== '').slice(2, 4)).toEqual([
      '关于同意市数据局调整内设机构的批复',
      '你局《关于调整内设机构的请示》收悉。经研究，批复如下：',
    ]);
    expect(o.texts.filter((t) => t !== '').at(-1)).toBe('2026年11月30日');
  });

  it('numbers a single attachment without 1. and takes a colon the clerk typed after the addressee only once', async () => {
    const o = await open({ ...APPROVAL, addressee: '各县市区编办：', attachments: ['机构编制卡。'] });
    expect(o.texts).toContain('附件：机构编制卡');
    expect(o.texts).toContain('各县市区编办：');
  });

  it('drops characters XML cannot hold, escapes markup, and breaks lines where the text breaks', async () => {
    const o = await open({
      ...APPROVAL,
      title: '关于\u0000同意<b>&调整\u0008的\uD800批复\n（第二行）',
      addressee: '市\uFFFE数据局',
      body: [{ kind: 'paragraph', text: '第一段\u001F有控制字符。\r\n\n第二段 & <w:t>。' }],
      copyTo: ['市委\u000B组织部'],
    });
    // Code point by code point: a lone surrogate is one of its own.
    const notXml = [...o.xml]
      .map((ch) => ch.codePointAt(0)!)
      .filter((cp) => (cp < 0x20 && cp !== 0x9 && cp !== 0xa && cp !== 0xd) || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff);
    expect(notXml).toEqual([]);
    expect(o.texts).toContain('关于同意<b>&调整的批复（第二行）');
    expect(all(para(o, '关于同意<b>&调整的批复（第二行）'), 'br')).toHaveLength(1);
    expect(o.texts).toContain('市数据局：');
    expect(o.texts).toContain('第一段有控制字符。');
    expect(o.texts).toContain('第二段 & <w:t>。');
    expect(o.texts).toContain('抄送：市委组织部。');
    expect(xmlText('a\u0000b\uD83D\uDE00c\uDFFF')).toBe('ab\uD83D\uDE00c');
  });

  it('refuses a model no document can be made of', async () => {
    await expect(renderOfficialDocx({ ...APPROVAL, date: '2026-02-30' })).rejects.toBeInstanceOf(OfficialDocumentError);
    await expect(renderOfficialDocx({ ...APPROVAL, title: ' \n ' })).rejects.toThrow(/title/);
    await expect(renderOfficialDocx({ ...APPROVAL, copyNumber: 0 })).rejects.toThrow(/copy number/);
    await expect(renderOfficialDocx({ ...APPROVAL, body: [{ kind: 'table', header: ['甲', '乙'], rows: [['1']] }] })).rejects.toThrow(/row 1 has 1 cells/);
  });
});

describe('official document text', () => {
  it('writes dates with Arabic numerals and no leading zeros', () => {
    expect(chineseDate('2026-11-30')).toBe('2026年11月30日');
    expect(chineseDate('2027-01-05')).toBe('2027年1月5日');
    expect(chineseDate('2028-02-29')).toBe('2028年2月29日');
    for (const bad of ['2026-13-01', '2027-02-29', '2026-1-5', '20261130', '']) expect(() => chineseDate(bad)).toThrow(OfficialDocumentError);
  });

  it('numbers headings in Chinese', () => {
    expect([1, 2, 9, 10, 11, 19, 20, 21, 99].map(chineseNumeral)).toEqual(['一', '二', '九', '十', '十一', '十九', '二十', '二十一', '九十九']);
    expect(() => chineseNumeral(0)).toThrow(OfficialDocumentError);
    expect(() => chineseNumeral(100)).toThrow(OfficialDocumentError);
  });
});
