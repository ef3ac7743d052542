import { describe, expect, it } from 'vitest';
import type { Sheet } from '../../shared/import/read-table.ts';
import { classifySheets, validateImport } from '../../shared/import/validate-import.ts';
import { makeNationalId, makeUscc } from '../support/codes.ts';

const sheet = (name: string, rows: Record<string, string>[]): Sheet => ({
  name,
  headers: Object.keys(rows[0]!),
  rows: rows.map((values, i) => ({ row: i + 2, values })),
});
const org = (orgId: string, name: string) => ({
  单位代码: orgId,
  单位名称: name,
  单位类型: '机关',
  经费形式: '全额拨款',
  统一社会信用代码: makeUscc('1', 42),
  法人登记状态: '已登记',
  行政编制: '5',
  批准文号: '咸编发〔2026〕7号',
  生效日期: '2026-01-01',
});
const person = (post: string) => ({
  身份证号: makeNationalId('1990-05-17', 11),
  姓名: '张伟',
  单位代码: 'imp-a',
  编制类型: '行政编制',
  岗位: post,
  入编时间: '2026-03-01',
});

const issuesOf = (sheets: Sheet[]) =>
  validateImport(classifySheets(sheets), { orgs: new Map(), usccHolders: new Map(), people: new Map() }, '2026-11-30', 'imp-1', (id) => `p-${id}`).issues.map(
    (i) => `${i.sheet}:${i.row}:${i.column}:${i.rule}`,
  );

describe('imported free text', () => {
  it('refuses an organization name or a post with a control character, a bidi control or a lone surrogate, as the API does', () => {
    expect(issuesOf([sheet('单位', [org('imp-a', '咸宁市\u0000教育局')])])).toEqual(['单位:2:单位名称:controlCharacter']);
    expect(issuesOf([sheet('单位', [org('imp-a', '咸宁市\u202e教育局')])])).toEqual(['单位:2:单位名称:bidiControl']);
    expect(issuesOf([sheet('单位', [org('imp-a', '咸宁市教育局')]), sheet('人员', [person('科员\ud800')])])).toEqual(['人员:2:岗位:loneSurrogate']);
  });

  it('takes Chinese of every plane and the middle dot', () => {
    expect(issuesOf([sheet('单位', [org('imp-a', '咸宁市𬌗𠀀研究中心')]), sheet('人员', [person('科员·𠀀')])])).toEqual([]);
  });
});
