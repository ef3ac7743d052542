/**
 * 机构编制卡: an organization's establishment as the registry holds it on a day, from the
 * organization record with its counters. The card is an extract of the register, not a 公文:
 * it has no 发文字号 and is not numbered in any series. It is set in the document layout so it
 * looks like the office's other papers, with the number line left empty (the red rule stays
 * where it always is): a made-up number such as 编制卡编号 <orgId> would look like a register
 * number that no register holds, and the orgId is the system's key, which nobody outside reads.
 * It is not sealed either: it states what the register says, it decides nothing.
 */
import {
  FUNDING_FORM_LABELS,
  INSTITUTION_CATEGORY_LABELS,
  LEGAL_PERSON_STATE_LABELS,
  labelIn,
  ORGANIZATION_KIND_LABELS,
  POST_GRADE_LABELS,
  POST_TRACK_LABELS,
  QUOTA_TYPE_LABELS,
} from '../domain/labels.ts';
import { POST_GRADES, POST_TRACKS } from '../domain/registry/establishment.ts';
import { QUOTA_TYPES } from '../domain/registry/rules.ts';
import type { Organization } from '../schemas/registry.ts';
import { ISSUING_AUTHORITIES } from './office.ts';
import { type BodyBlock, chineseDate, type OfficialDocument, OfficialDocumentError } from './official-document.ts';
import { linesOf } from './record-text.ts';

/** A vacancy as the card prints it: a negative one as the number over quota (超2 reads better than −2 to a clerk). */
const vacancyText = (n: number): string => (n < 0 ? `超${-n}` : String(n));

/**
 * The card of `org` as at `asAt` (YYYY-MM-DD: the day whose counters the record holds; the
 * caller reads the record as at that day). Quotas are a fixed form of the four types and
 * their total, as the paper card has them: a 0 says the unit has none of a type. Leadership
 * posts list only the grades and tracks with a post approved or filled, since most units
 * have two or three of the eight.
 */
export function establishmentCardDocument(org: Organization, asAt: string): OfficialDocument {
  const e = org.establishment;
  if (!e) throw new OfficialDocumentError(`organization ${org.orgId} was read without its establishment counters`);
  const office = ISSUING_AUTHORITIES.office;

  const head = org.principalHead ? `${org.principalHead.name}（${chineseDate(org.principalHead.since)}任职）` : '未登记';
  const basics: BodyBlock = {
    kind: 'table',
    header: ['项目', '内容'],
    rows: [
      ['单位名称', org.name],
      ['机构类别', `${ORGANIZATION_KIND_LABELS[org.kind]}${org.civilServiceManaged ? '（参照公务员法管理）' : ''}`],
      ['经费形式', FUNDING_FORM_LABELS[org.fundingForm]],
      // Absent until a unit set up by a matter registers and is coded.
      ['统一社会信用代码', org.uscc || '未赋码'],
      ['法人登记', labelIn(LEGAL_PERSON_STATE_LABELS, org.legalPersonStatus)],
      ['主要负责人', head],
      ['机构状态', org.status === 'abolished' ? '已撤销' : '存续'],
      // Set by an approved matter; a unit no matter has described yet shows none rather than a guess.
      ...(org.kind === 'publicInstitution'
        ? [['事业单位类别', org.institutionCategory ? INSTITUTION_CATEGORY_LABELS[org.institutionCategory] : '未登记']]
        : []),
      ['内设机构', org.internalUnits?.length ? `${org.internalUnits.length}个：${org.internalUnits.join('、')}` : '未登记'],
    ],
    widths: [1, 3],
  };

  const total = (c: Record<(typeof QUOTA_TYPES)[number], number>) => QUOTA_TYPES.reduce((sum, t) => sum + (c[t] ?? 0), 0);
  const quotas: BodyBlock = {
    kind: 'table',
    header: ['编制类型', '核定', '实有', '核准未入编', '空编'],
    rows: [
      ...QUOTA_TYPES.map((t) => [
        QUOTA_TYPE_LABELS[t],
        String(e.quota[t] ?? 0),
        String(e.onRoll[t] ?? 0),
        String(e.reserved[t] ?? 0),
        vacancyText(e.vacancy[t] ?? 0),
      ]),
      ['合计', String(total(e.quota)), String(total(e.onRoll)), String(total(e.reserved)), vacancyText(total(e.vacancy))],
    ],
    widths: [3, 2, 2, 3, 2],
  };

  const postRows = POST_GRADES.flatMap((grade) =>
    POST_TRACKS.flatMap((track) => {
      const quota = e.posts.quota[grade]?.[track] ?? 0;
      const used = e.posts.used[grade]?.[track] ?? 0;
      if (!quota && !used) return [];
      const vacancy = e.posts.vacancy[grade]?.[track] ?? quota - used;
      return [[POST_GRADE_LABELS[grade], POST_TRACK_LABELS[track], String(quota), String(used), vacancyText(vacancy)]];
    }),
  );
  const posts: BodyBlock = postRows.length
    ? { kind: 'table', header: ['职务层次', '类别', '核定职数', '实配', '空缺'], rows: postRows, widths: [2, 2, 2, 2, 2] }
    : { kind: 'paragraph', text: '未核定领导职数。' };

  return {
    authorityMark: office.letterMark,
    documentNumber: '',
    title: `${org.name}机构编制卡`,
    body: [
      { kind: 'paragraph', text: `截至${chineseDate(asAt)}，${org.name}机构编制情况如下。` },
      { kind: 'heading', level: 1, text: '基本情况' },
      basics,
      ...(org.functions
        ? [{ kind: 'heading', level: 1, text: '主要职责' } as const, ...linesOf(org.functions).map((text) => ({ kind: 'paragraph', text }) as const)]
        : []),
      { kind: 'heading', level: 1, text: '编制情况' },
      quotas,
      { kind: 'heading', level: 1, text: '领导职数' },
      posts,
    ],
    signature: office.name,
    date: asAt,
  };
}
