/**
 * The mappers from records to official documents: each record is built as the system stores it
 * (checked against its schema), mapped, rendered to .docx and read back, and what a clerk checks
 * before the document goes out is asserted on the paragraphs and cells Word would show: number,
 * title, addressee, the sentences with their numbers and Chinese labels, tables, signature and
 * date, 抄送 and 印发. Records that are not documents yet are refused.
 */
import { DOMParser } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import {
  approvalDocument,
  approvalTitle,
  DocumentNotReadyError,
  establishmentCardDocument,
  notificationLetterDocument,
  staffingNoticeDocument,
  supervisionLetterDocument,
} from '../../shared/documents/from-records.ts';
import { type OfficialDocument, OfficialDocumentError } from '../../shared/documents/official-document.ts';
import { renderOfficialDocx } from '../../shared/documents/official-docx.ts';
import { letterBodyZh } from '../../shared/domain/supervision/letters.ts';
import { notificationLetterBodyZh } from '../../shared/domain/supervision/notification-letters.ts';
import { ConflictError } from '../../shared/errors.ts';
import { Matter } from '../../shared/schemas/matters.ts';
import { Plan } from '../../shared/schemas/plans.ts';
import { Organization } from '../../shared/schemas/registry.ts';
import { NotificationLetter, SupervisionLetter } from '../../shared/schemas/supervision.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const all = (node: any, name: string): any[] => Array.from(node.getElementsByTagNameNS(W, name));
const first = (node: any, name: string): any => all(node, name)[0];
const textOf = (node: any) =>
  all(node, 't')
    .map((t) => t.textContent)
    .join('');

interface Read {
  /** The body's paragraphs' texts in order, blank ones left out; table cells' included. */
  texts: string[];
  /** Body tables (not the floating 版记) as rows of cell texts. */
  tables: string[][][];
  /** 版记's rows as cell texts, or undefined when there is none. */
  record: string[][] | undefined;
  /** The text of the paragraph under which the red rule is drawn (the document number's). */
  numberLine: string;
}

/** Renders the model and reads the .docx back as a clerk would see it. */
async function rendered(doc: OfficialDocument): Promise<Read> {
  const zip = await JSZip.loadAsync(await renderOfficialDocx(doc));
  const xml = await zip.file('word/document.xml')!.async('string');
  const parsed = new DOMParser({ onError: (level, message) => expect.fail(`document.xml: ${level} ${message}`) }).parseFromString(xml, 'text/xml');
  const body = first(parsed, 'body');
  const tables = all(body, 'tbl');
  const rows = (t: any) => all(t, 'tr').map((tr) => all(tr, 'tc').map(textOf));
  const floating = tables.filter((t) => first(t, 'tblpPr'));
  expect(floating.length).toBeLessThanOrEqual(1);
  const ruled = all(body, 'p').filter((p) => first(p, 'pBdr'));
  expect(ruled).toHaveLength(1);
  return {
    texts: all(body, 'p')
      .map(textOf)
      .filter((t) => t !== ''),
    tables: tables.filter((t) => !first(t, 'tblpPr')).map(rows),
    record: floating[0] ? rows(floating[0]) : undefined,
    numberLine: textOf(ruled[0]),
  };
}

const COMMITTEE = '中共咸宁市委机构编制委员会';
const OFFICE = '中共咸宁市委机构编制委员会办公室';

const STAGE_DUE = {
  proposal: { days: 5, kind: 'working' },
  argumentation: { days: 10, kind: 'working' },
  deliberation: { days: 10, kind: 'working' },
  implementation: { days: 30, kind: 'calendar' },
};

/** The walkthrough's matter (shared/api-examples.ts), issued: 市教育局 gets 3 more 行政编制. */
const issuedMatter = (over: Record<string, unknown> = {}): Matter =>
  Matter.parse({
    matterId: 'matter-5c1e8a0b7d294f36',
    revision: 1,
    orgId: 'd001',
    departmentId: 'd001',
    typeId: 'quotaIncrease',
    typeNameZh: '增加编制',
    class: 'simple',
    important: false,
    registryChange: 'increaseQuota',
    title: '关于增加市教育局行政编制的请示',
    situation: { code: 'dutiesChanged', nameZh: '职责任务发生较大变化' },
    partyGroupDecision: { date: '2026-11-20', minutesRef: '教党组〔2026〕12次会议纪要' },
    materials: [{ code: 'request', nameZh: '请示文件', ref: 'att-20261125-01' }],
    change: { quotaType: 'administrative', count: 3 },
    routing: {
      class: 'simple',
      leadSectionId: 'organs-section',
      rule: 'responsible',
      reason: 'simple matter: its responsible section',
      reasonZh: '简易一般事项，由归口责任科室办理',
      coSections: [],
      areas: [{ areaId: 'organQuota', sectionId: 'organs-section', share: 100 }],
    },
    status: 'issued',
    stage: 'implementation',
    round: 1,
    executionName: 'matter-5c1e8a0b7d294f36-r1',
    stageDue: STAGE_DUE,
    deliberation: {
      decision: 'approve',
      opinion: '同意',
      by: 'demo-leader',
      at: '2026-11-28T02:00:00.000Z',
      details: { meeting: { date: '2026-11-28', ref: '市委编委2026年第5次会议' } },
    },
    document: {
      number: '咸编发〔2026〕30号',
      issuedOn: '2026-12-01',
      registryChange: 'increaseQuota',
      applied: true,
      copies: [
        { sectionId: 'supervision-section', taskId: 'task-a', followUpZh: '纳入监管台账，跟踪落实' },
        { sectionId: 'registration-bureau', taskId: 'task-b', followUpZh: '统一社会信用代码赋码及法人登记' },
        { sectionId: 'egov-center', taskId: 'task-c', followUpZh: '实名制信息变更' },
      ],
    },
    implementation: { dueDate: '2026-12-31', items: ['implementationReport'] },
    catalogVersion: 0,
    submittedBy: 'demo-department',
    submittedAt: '2026-11-25T01:00:00.000Z',
    ...over,
  });

describe('批复 (approvalDocument)', () => {
  it('writes the approval of a quota increase as the committee issued it', async () => {
    const doc = await rendered(approvalDocument(issuedMatter(), '市教育局'));
    expect(doc.texts).toEqual([
      `${COMMITTEE}文件`,
      '咸编发〔2026〕30号',
      '关于增加市教育局行政编制的批复',
      '市教育局：',
      '你单位《关于增加市教育局行政编制的请示》收悉。经2026年11月28日会议研究（市委编委2026年第5次会议），同意为你单位增加行政编制3名。',
      '请你单位抓好组织实施，并于2026年12月31日前将落实情况书面报告市委编办。',
      '此复。',
      COMMITTEE,
      '2026年12月1日',
      '抄送：市委编办监督检查科，市事业单位登记管理局，市电子政务中心。',
      OFFICE,
      '2026年12月1日印发',
    ]);
    expect(doc.numberLine).toBe('咸编发〔2026〕30号');
    expect(doc.record).toEqual([['抄送：市委编办监督检查科，市事业单位登记管理局，市电子政务中心。'], [OFFICE, '2026年12月1日印发']]);
  });

  it('describes a set-up with the new unit, its kind, funding and quota, and lists the implementation items by their deadline', async () => {
    const matter = issuedMatter({
      typeId: 'organizationSetUp',
      typeNameZh: '机构设立',
      registryChange: 'setUpOrganization',
      title: '关于设立市教育考试服务中心的请示',
      change: {
        name: '市教育考试服务中心',
        description: '承担全市教育考试的组织实施和服务保障工作。',
        newOrgId: 'd001-exam',
        kind: 'publicInstitution',
        fundingForm: 'differentialFunding',
        quotaType: 'publicInstitution',
        count: 12,
      },
      deliberation: undefined,
      document: { number: '咸编发〔2026〕31号', issuedOn: '2026-12-02', registryChange: 'setUpOrganization', applied: true, copies: [] },
      implementation: {
        dueDate: '2027-01-31',
        items: ['dutyTransfer', 'cadreAllocation', 'personnelTransfer', 'assetTransfer', 'legalPersonRegistration', 'implementationReport'],
      },
    });
    const doc = await rendered(approvalDocument(matter, '市教育局'));
    expect(doc.texts.slice(2, 8)).toEqual([
      '关于设立市教育考试服务中心的批复',
      '市教育局：',
      '你单位《关于设立市教育考试服务中心的请示》收悉。经研究，同意设立市教育考试服务中心，隶属你单位，机构类别为事业单位，经费形式为差额拨款，核定事业编制12名。',
      '承担全市教育考试的组织实施和服务保障工作。',
      '请你单位抓好组织实施，于2027年1月31日前完成职责划转、干部配备、人员转隶、资产划转、法人登记工作，并将落实情况书面报告市委编办。',
      '此复。',
    ]);
    // Copied to nobody: the 版记 has only its 印发 row.
    expect(doc.record).toEqual([[OFFICE, '2026年12月2日印发']]);
  });

  it('says each kind of change in words from the record', () => {
    const sentence = (over: Record<string, unknown>) => {
      const body = approvalDocument(issuedMatter(over), '市教育局').body[0];
      return body?.kind === 'paragraph' ? body.text.replace(/^.*?收悉。经.*?研究[^，]*，/u, '') : undefined;
    };
    const doc = (registryChange: string) => ({ number: '咸编发〔2026〕32号', issuedOn: '2026-12-03', registryChange, applied: true });
    expect(sentence({ registryChange: 'reduceQuota', change: { quotaType: 'logistics', count: 2 }, document: doc('reduceQuota') })).toBe(
      '同意核减你单位工勤编制2名。',
    );
    expect(sentence({ registryChange: 'renameOrganization', change: { name: '市教育体育局' }, document: doc('renameOrganization') })).toBe(
      '同意你单位更名为市教育体育局。',
    );
    expect(
      sentence({ registryChange: 'changePostQuota', change: { grade: 'sectionChief', track: 'leader', count: 4 }, document: doc('changePostQuota') }),
    ).toBe('同意核定你单位正科级领导职务职数4名。');
    expect(sentence({ registryChange: 'abolishOrganization', change: { description: '职责并入市教育局。' }, document: doc('abolishOrganization') })).toBe(
      '同意撤销市教育局。',
    );
    const internal = approvalDocument(
      issuedMatter({
        registryChange: 'changeInternalUnits',
        typeNameZh: '内设机构调整',
        change: { description: '将基础教育科更名为基础教育一科。\n增设基础教育二科。' },
        document: doc('changeInternalUnits'),
        implementation: undefined,
      }),
      '市教育局',
    );
    expect(internal.body.map((b) => (b.kind === 'paragraph' ? b.text : b.kind))).toEqual([
      '你单位《关于增加市教育局行政编制的请示》收悉。经2026年11月28日会议研究（市委编委2026年第5次会议），同意你单位内设机构调整事项。',
      '将基础教育科更名为基础教育一科。',
      '增设基础教育二科。',
      '此复。',
    ]);
  });

  it("turns the request's title into the reply's", () => {
    expect(approvalTitle('关于增加市教育局行政编制的请示', '市教育局')).toBe('关于增加市教育局行政编制的批复');
    expect(approvalTitle('关于我局增加行政编制的请示。', '市教育局')).toBe('关于市教育局增加行政编制的批复');
    expect(approvalTitle('关于调整内设机构的报告', '市教育局')).toBe('关于同意调整内设机构的批复');
    expect(approvalTitle('市教育局机构更名', '市教育局')).toBe('关于同意市教育局机构更名的批复');
  });

  it('refuses a matter that is not issued, and one whose record no document can be made of', () => {
    const notIssued = issuedMatter({ status: 'deliberation', document: undefined, implementation: undefined });
    expect(() => approvalDocument(notIssued, '市教育局')).toThrow(DocumentNotReadyError);
    try {
      approvalDocument(notIssued, '市教育局');
      expect.fail('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(ConflictError);
      expect(e).toMatchObject({ code: 'NOT_ISSUED', statusCode: 409, messageZh: expect.stringContaining('尚未批复') });
    }
    // A committee document numbered in the office's series, or copied to a body with no name, is a bug.
    const misnumbered = issuedMatter({ document: { ...issuedMatter().document!, number: '咸编办发〔2026〕30号' } });
    expect(() => approvalDocument(misnumbered, '市教育局')).toThrow(OfficialDocumentError);
    const strayCopy = issuedMatter({ document: { ...issuedMatter().document!, copies: [{ sectionId: 'organs-section', taskId: 't', followUpZh: '—' }] } });
    expect(() => approvalDocument(strayCopy, '市教育局')).toThrow(/organs-section/);
    const noCount = issuedMatter({ change: { quotaType: 'administrative' } });
    expect(() => approvalDocument(noCount, '市教育局')).toThrow(/change\.count/);
  });
});

const overdueItems = [
  {
    matterId: 'matter-5c1e8a0b7d294f36',
    matterTitle: '关于增加市教育局行政编制的请示',
    item: 'implementationReport',
    itemZh: '落实情况报告',
    dueDate: '2027-01-04',
  },
  {
    matterId: 'matter-0a1b2c3d4e5f6071',
    matterTitle: '关于设立市教育考试服务中心的请示',
    item: 'legalPersonRegistration',
    itemZh: '法人登记',
    dueDate: '2026-12-31',
  },
];
const supervisionLetter = (over: Record<string, unknown> = {}): SupervisionLetter =>
  SupervisionLetter.parse({
    letterId: 'letter-3f9a0c1d2e4b5a67',
    number: '咸编办发〔2027〕3号',
    orgId: 'd001',
    addresseeZh: '市教育局',
    issuedOn: '2027-01-05',
    rectifyBy: '2027-01-19',
    items: overdueItems,
    bodyZh: letterBodyZh('市教育局', overdueItems, '2027-01-19'),
    status: 'open',
    reports: [],
    verifications: [],
    issuedBy: 'deadline-sweep-job',
    ...over,
  });

describe('督办函 (supervisionLetterDocument)', () => {
  it("writes the letter's own text with its items as a table in place of the numbered lines", async () => {
    const doc = await rendered(supervisionLetterDocument(supervisionLetter()));
    expect(doc.texts.slice(0, 5)).toEqual([
      OFFICE,
      '咸编办发〔2027〕3号',
      '关于督促落实机构编制事项的督办函',
      '市教育局：',
      '经查，你单位下列机构编制事项落实工作已超过规定期限：',
    ]);
    expect(doc.tables).toEqual([
      [
        ['序号', '事项', '落实事项', '原定期限'],
        ['1', '关于增加市教育局行政编制的请示', '落实情况报告', '2027年1月4日'],
        ['2', '关于设立市教育考试服务中心的请示', '法人登记', '2026年12月31日'],
      ],
    ]);
    // The table between the opening and the deadline; then signature and date, and no 版记 (a 函 has no 印发 line).
    const deadline = '请于2027年1月19日前整改到位，并将整改情况连同佐证材料报送市委编办监督检查科。整改到位前，暂停受理你单位新的机构编制事项和用编计划。';
    expect(doc.texts.slice(doc.texts.indexOf('2026年12月31日') + 1)).toEqual([deadline, OFFICE, '2027年1月5日']);
    expect(doc.texts.indexOf('序号')).toBeGreaterThan(doc.texts.indexOf('经查，你单位下列机构编制事项落实工作已超过规定期限：'));
    expect(doc.record).toBeUndefined();
    // Neither the screen's numbered lines nor its ISO dates are left, and the salutation is printed once.
    expect(doc.texts.filter((t) => /^\d+\.|\d{4}-\d{2}-\d{2}/.test(t))).toEqual([]);
    expect(doc.texts.filter((t) => t.startsWith('市教育局'))).toEqual(['市教育局：']);
  });

  it("lists an inspection's findings with their severity", async () => {
    const items = [
      { inspectionId: '2026-d001', item: 'staffing-1', itemZh: '人员配备：所属考试中心在无空编情况下招录工作人员3名', severity: 'serious' },
      { inspectionId: '2026-d001', item: 'posts-1', itemZh: '领导职数：超职数配备副科级领导1名', severity: 'minor' },
    ];
    const letter = supervisionLetter({ items, bodyZh: letterBodyZh('市教育局', items, '2027-01-19', 'inspection') });
    const doc = await rendered(supervisionLetterDocument(letter));
    expect(doc.texts[2]).toBe('关于机构编制专项检查发现问题整改的督办函');
    expect(doc.texts).toContain('经机构编制专项检查，你单位存在下列问题，现按清单督办：');
    expect(doc.tables).toEqual([
      [
        ['序号', '问题', '严重程度'],
        ['1', '人员配备：所属考试中心在无空编情况下招录工作人员3名', '严重'],
        ['2', '领导职数：超职数配备副科级领导1名', '一般'],
      ],
    ]);
  });

  it('writes the body again from the record when it is empty, and states a deadline the text leaves out', () => {
    const regenerated = supervisionLetterDocument(supervisionLetter({ bodyZh: '' }));
    expect(regenerated.body.map((b) => (b.kind === 'paragraph' ? b.text : b.kind))).toEqual([
      '经查，你单位下列机构编制事项落实工作已超过规定期限：',
      'table',
      '请于2027年1月19日前整改到位，并将整改情况连同佐证材料报送市委编办监督检查科。整改到位前，暂停受理你单位新的机构编制事项和用编计划。',
    ]);
    const terse = supervisionLetterDocument(supervisionLetter({ bodyZh: '市教育局：\n你单位机构编制事项落实工作逾期，现予督办。' }));
    expect(terse.body.map((b) => (b.kind === 'paragraph' ? b.text : b.kind))).toEqual([
      '你单位机构编制事项落实工作逾期，现予督办。',
      'table',
      '请于2027年1月19日前整改到位，并将整改情况连同佐证材料报送市委编办监督检查科。',
    ]);
    expect(terse).toMatchObject({ signature: OFFICE, date: '2027-01-05', sealed: true });
  });
});

const notificationLetter = (over: Record<string, unknown> = {}): NotificationLetter =>
  NotificationLetter.parse({
    noticeId: 'nl-7c2e91a04b3d',
    orgId: 'd001',
    orgNameZh: '市教育局',
    headName: '赵明',
    since: '2027-01-04',
    dueDate: '2027-02-04',
    status: 'delivered',
    overdue: false,
    bodyZh: notificationLetterBodyZh('市教育局', '赵明'),
    createdAt: '2027-01-05T01:00:00.000Z',
    number: '咸编办发〔2027〕9号',
    delivery: { deliveredOn: '2027-01-20', method: 'inPerson', recipient: '赵明', by: 'demo-supervision', at: '2027-01-20T03:00:00.000Z' },
    ...over,
  });

describe('告知函 (notificationLetterDocument)', () => {
  it('writes the delivered letter to the head by name, dated the day it was served', async () => {
    const doc = await rendered(notificationLetterDocument(notificationLetter()));
    expect(doc.texts).toEqual([
      OFFICE,
      '咸编办发〔2027〕9号',
      '机构编制工作告知函',
      '赵明同志：',
      '您已任市教育局主要负责人。根据《中国共产党机构编制工作条例》，现将机构编制工作有关要求告知如下：',
      '1. 严格执行机构编制管理规定，不得擅自设立、撤并机构或者变更机构名称、规格、性质、职责权限。',
      '2. 严格在核定的编制和领导职数内配备人员，不得超编进人、超职数配备领导干部。',
      '3. 机构编制事项须报经市委机构编制委员会审批，不得越权审批或变相增加机构编制。',
      '4. 按规定报送机构编制执行情况，接受机构编制监督检查，对发现的问题及时整改。',
      '请认真履行机构编制工作主体责任。',
      OFFICE,
      '2027年1月20日',
    ]);
    expect(doc.record).toBeUndefined();
  });

  it('refuses a letter not delivered yet: it has no number', () => {
    const pending = notificationLetter({ status: 'pending', number: undefined, delivery: undefined });
    expect(() => notificationLetterDocument(pending)).toThrow(expect.objectContaining({ code: 'NOT_DELIVERED', statusCode: 409 }));
    expect(() => notificationLetterDocument(pending)).toThrow(DocumentNotReadyError);
    // Delivered in its status but without its number (a record cut short) is not printed either.
    expect(() => notificationLetterDocument(notificationLetter({ number: undefined }))).toThrow(DocumentNotReadyError);
  });
});

const approvedPlan = (over: Record<string, unknown> = {}): Plan =>
  Plan.parse({
    planId: 'plan-3f9c2a7d41b8e605',
    revision: 1,
    orgId: 'd001-exam',
    departmentId: 'd001',
    quotaType: 'publicInstitution',
    count: 3,
    channel: 'publicRecruitment',
    reason: '考试服务保障任务增加，拟公开招聘专业技术人员',
    status: 'approved',
    sections: ['institutions-section'],
    submittedBy: 'demo-department',
    submittedAt: '2026-11-25T01:00:00.000Z',
    executionName: 'plan-3f9c2a7d41b8e605-r1',
    decisions: [{ sectionId: 'institutions-section', decision: 'approve', opinion: '同意', by: 'demo-section', at: '2026-12-01T02:00:00.000Z' }],
    // Approved on 2026-12-01: valid 90 days (noticeValidUntil).
    notice: { number: '咸编用〔2026〕12号', validUntil: '2027-03-01', reserved: 3, used: 0 },
    ...over,
  });

describe('核准使用编制通知单 (staffingNoticeDocument)', () => {
  it('writes the notice with its table, dated the day it was issued', async () => {
    const doc = await rendered(staffingNoticeDocument(approvedPlan(), '市教育考试服务中心'));
    expect(doc.texts.slice(0, 5)).toEqual([
      OFFICE,
      '咸编用〔2026〕12号',
      '核准使用编制通知单',
      '市教育考试服务中心：',
      '经审核，同意你单位使用事业编制3名，通过公开招聘补充人员。',
    ]);
    expect(doc.tables).toEqual([
      [
        ['单位', '编制类型', '核准使用数', '有效期至', '文号'],
        ['市教育考试服务中心', '事业编制', '3', '2027年3月1日', '咸编用〔2026〕12号'],
      ],
    ]);
    expect(doc.texts.slice(-3)).toEqual([
      '本通知单有效期至2027年3月1日，逾期未使用的编制名额自动收回。请在有效期内按规定办理人员上编手续。',
      OFFICE,
      '2026年12月1日',
    ]);
    expect(doc.record).toBeUndefined();
  });

  it('notes a lapsed notice, and refuses a plan without one', async () => {
    const lapsed = await rendered(
      staffingNoticeDocument(
        approvedPlan({ status: 'lapsed', notice: { number: '咸编用〔2026〕12号', validUntil: '2027-03-01', reserved: 3, used: 1, released: 2 } }),
        '市教育考试服务中心',
      ),
    );
    expect(lapsed.texts.at(-1)).toBe('（本通知单已过有效期，未使用的2名编制已收回）');
    const pending = approvedPlan({ status: 'pendingApproval', notice: undefined });
    expect(() => staffingNoticeDocument(pending, '市教育考试服务中心')).toThrow(expect.objectContaining({ code: 'NOT_APPROVED', statusCode: 409 }));
    expect(() =>
      staffingNoticeDocument(approvedPlan({ notice: { number: '咸编发〔2026〕12号', validUntil: '2027-03-01', reserved: 3, used: 0 } }), '市教育考试服务中心'),
    ).toThrow(OfficialDocumentError);
  });
});

const counts = (administrative: number, publicInstitution: number, civilServiceManagedInstitution: number, logistics: number) => ({
  administrative,
  publicInstitution,
  civilServiceManagedInstitution,
  logistics,
});
const posts = (rows: Partial<Record<'countyChief' | 'countyDeputy' | 'sectionChief' | 'sectionDeputy', [number, number]>>) => ({
  countyChief: { leader: rows.countyChief?.[0] ?? 0, nonLeader: rows.countyChief?.[1] ?? 0 },
  countyDeputy: { leader: rows.countyDeputy?.[0] ?? 0, nonLeader: rows.countyDeputy?.[1] ?? 0 },
  sectionChief: { leader: rows.sectionChief?.[0] ?? 0, nonLeader: rows.sectionChief?.[1] ?? 0 },
  sectionDeputy: { leader: rows.sectionDeputy?.[0] ?? 0, nonLeader: rows.sectionDeputy?.[1] ?? 0 },
});
const organization = (over: Record<string, unknown> = {}): Organization =>
  Organization.parse({
    orgId: 'd001',
    name: '市教育局',
    kind: 'organ',
    departmentId: 'd001',
    path: 'd001',
    fundingForm: 'fullFunding',
    civilServiceManaged: false,
    uscc: '11610400MB2955851K',
    legalPersonStatus: 'notRequired',
    principalHead: { name: '赵明', since: '2027-01-04' },
    status: 'active',
    version: 7,
    establishment: {
      quota: counts(30, 0, 0, 3),
      onRoll: counts(29, 0, 0, 4),
      reserved: counts(1, 0, 0, 1),
      vacancy: counts(0, 0, 0, -2),
      overQuota: ['logistics'],
      posts: {
        quota: posts({ countyChief: [1, 0], countyDeputy: [3, 0], sectionChief: [8, 2] }),
        used: posts({ countyChief: [1, 0], countyDeputy: [4, 0], sectionChief: [6, 1] }),
        vacancy: posts({ countyChief: [0, 0], countyDeputy: [-1, 0], sectionChief: [2, 1] }),
      },
      overPostQuota: [{ grade: 'countyDeputy', track: 'leader' }],
    },
    ...over,
  });

describe('编制卡 (establishmentCardDocument)', () => {
  it('writes the unit, its quotas by type and its leadership posts as at the day asked, without a number', async () => {
    const described = organization({ functions: '（一）贯彻执行教育方针。\n（二）统筹全市教育事业。', internalUnits: ['办公室', '基础教育科', '人事科'] });
    const doc = await rendered(establishmentCardDocument(described, '2027-01-31'));
    expect(doc.numberLine).toBe('');
    expect(doc.texts.slice(0, 4)).toEqual([OFFICE, '市教育局机构编制卡', '截至2027年1月31日，市教育局机构编制情况如下。', '一、基本情况']);
    const [basics, quotas, postTable] = doc.tables;
    expect(basics).toEqual([
      ['项目', '内容'],
      ['单位名称', '市教育局'],
      ['机构类别', '机关'],
      ['经费形式', '全额拨款'],
      ['统一社会信用代码', '11610400MB2955851K'],
      ['法人登记', '无需登记'],
      ['主要负责人', '赵明（2027年1月4日任职）'],
      ['机构状态', '存续'],
      ['内设机构', '3个：办公室、基础教育科、人事科'],
    ]);
    expect(quotas).toEqual([
      ['编制类型', '核定', '实有', '核准未入编', '空编'],
      ['行政编制', '30', '29', '1', '0'],
      ['事业编制', '0', '0', '0', '0'],
      ['参公事业编制', '0', '0', '0', '0'],
      ['工勤编制', '3', '4', '1', '超2'],
      ['合计', '33', '33', '2', '超2'],
    ]);
    expect(postTable).toEqual([
      ['职务层次', '类别', '核定职数', '实配', '空缺'],
      ['正县级', '领导职务', '1', '1', '0'],
      ['副县级', '领导职务', '3', '4', '超1'],
      ['正科级', '领导职务', '8', '6', '2'],
      ['正科级', '职级', '2', '1', '1'],
    ]);
    expect(doc.texts.filter((t) => /^[一二三四]、/.test(t))).toEqual(['一、基本情况', '二、主要职责', '三、编制情况', '四、领导职数']);
    expect(doc.texts).toContain('（二）统筹全市教育事业。');
    expect(doc.texts.slice(-2)).toEqual([OFFICE, '2027年1月31日']);
    expect(doc.record).toBeUndefined();
  });

  it('says what the record lacks in words, and refuses a record read without its counters', async () => {
    const institution = organization({
      name: '市教育考试服务中心',
      kind: 'publicInstitution',
      fundingForm: 'differentialFunding',
      civilServiceManaged: true,
      uscc: undefined,
      legalPersonStatus: 'pending',
      principalHead: undefined,
      establishment: {
        ...organization().establishment!,
        posts: { quota: posts({}), used: posts({}), vacancy: posts({}) },
        overPostQuota: [],
      },
    });
    const doc = await rendered(establishmentCardDocument(institution, '2027-01-31'));
    expect(doc.tables[0]!.slice(2, 7)).toEqual([
      ['机构类别', '事业单位（参照公务员法管理）'],
      ['经费形式', '差额拨款'],
      ['统一社会信用代码', '未赋码'],
      ['法人登记', '登记中'],
      ['主要负责人', '未登记'],
    ]);
    // An institution no matter has described yet: its category and internal units are said to be unrecorded, not guessed.
    expect(doc.tables[0]!.slice(-2)).toEqual([
      ['事业单位类别', '未登记'],
      ['内设机构', '未登记'],
    ]);
    expect(doc.texts).not.toContain('二、主要职责');
    expect(doc.tables).toHaveLength(2);
    expect(doc.texts).toContain('未核定领导职数。');
    expect(() => establishmentCardDocument(organization({ establishment: undefined }), '2027-01-31')).toThrow(OfficialDocumentError);
    expect(() => establishmentCardDocument(organization(), '2027-02-30')).toThrow(OfficialDocumentError);
  });
});
