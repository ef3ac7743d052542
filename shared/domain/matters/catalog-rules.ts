/**
 * What makes a matter catalog whole, beyond each field's own format: every reference resolves,
 * nothing is listed twice, and each type's class agrees with the sections its areas lie with
 * (so routing.ts always finds exactly one accountable section). Each issue names its field.
 */
import { type FieldIssue, fieldIssue } from '../../errors.ts';
import { QUOTA_TYPES } from '../registry/rules.ts';
import type { BusinessArea, MatterCatalog, MatterType } from './catalog.ts';

/** The sections of the office that own business areas (the leadership decides, it owns none). */
export const BUSINESS_SECTIONS = ['organs-section', 'institutions-section', 'supervision-section', 'registration-bureau', 'egov-center'] as const;

const duplicates = <T>(items: T[], key: (t: T) => string, path: (i: number) => string, what: string, whatZh: string): FieldIssue[] => {
  const seen = new Set<string>();
  return items.flatMap((item, i) => {
    const k = key(item);
    if (!seen.has(k)) {
      seen.add(k);
      return [];
    }
    return [fieldIssue(path(i), 'duplicate', `${what} ${k} is listed twice`, `${whatZh} ${k} 重复`)];
  });
};

/** The sections a type's areas lie with, for a matter of each quota type (areas of other types left out). */
const sectionsPerQuotaType = (type: MatterType, byId: Map<string, BusinessArea>): Set<string>[] =>
  QUOTA_TYPES.map(
    (q) =>
      new Set(
        type.areas
          .map((a) => byId.get(a.areaId))
          .filter((a): a is BusinessArea => !!a && (!a.quotaTypes || a.quotaTypes.includes(q)))
          .map((a) => a.sectionId),
      ),
  );

export const catalogIssues = (catalog: MatterCatalog): FieldIssue[] => {
  const issues: FieldIssue[] = [
    ...duplicates(
      catalog.businessAreas,
      (a) => a.areaId,
      (i) => `body.businessAreas[${i}].areaId`,
      'area',
      '业务领域',
    ),
    ...duplicates(
      catalog.initiatingSituations,
      (s) => s.code,
      (i) => `body.initiatingSituations[${i}].code`,
      'situation',
      '启动情形',
    ),
    ...duplicates(
      catalog.matterTypes,
      (t) => t.typeId,
      (i) => `body.matterTypes[${i}].typeId`,
      'matter type',
      '事项类型',
    ),
  ];
  catalog.businessAreas.forEach((a, i) => {
    if (!(BUSINESS_SECTIONS as readonly string[]).includes(a.sectionId)) {
      issues.push(
        fieldIssue(
          `body.businessAreas[${i}].sectionId`,
          'unknownSection',
          `must be one of ${BUSINESS_SECTIONS.join(', ')}`,
          `应为编办的业务科室：${BUSINESS_SECTIONS.join('、')}`,
        ),
      );
    }
  });
  const byId = new Map(catalog.businessAreas.map((a) => [a.areaId, a]));
  catalog.matterTypes.forEach((t, i) => {
    const at = `body.matterTypes[${i}]`;
    t.areas.forEach((a, j) => {
      if (!byId.has(a.areaId)) issues.push(fieldIssue(`${at}.areas[${j}].areaId`, 'unknownArea', `no business area ${a.areaId}`, `没有业务领域 ${a.areaId}`));
    });
    issues.push(
      ...duplicates(
        t.areas,
        (a) => a.areaId,
        (j) => `${at}.areas[${j}].areaId`,
        'area',
        '业务领域',
      ),
    );
    issues.push(
      ...duplicates(
        t.requiredMaterials,
        (m) => m.code,
        (j) => `${at}.requiredMaterials[${j}].code`,
        'material',
        '申报材料',
      ),
    );
    if (t.class !== 'simple' && !t.leadRule) {
      issues.push(
        fieldIssue(
          `${at}.leadRule`,
          'required',
          'a comprehensive or major type says how its lead section is chosen',
          '综合业务事项和重大任务须明确主办（牵头）科室的确定标准',
        ),
      );
    }
    const spans = sectionsPerQuotaType(t, byId);
    if (t.class === 'simple' && spans.some((s) => s.size > 1)) {
      issues.push(
        fieldIssue(
          `${at}.areas`,
          'oneSection',
          'a simple type lies with one section (for any one quota type)',
          '简易一般事项应只涉及一个科室的业务领域（同一编制类型下）',
        ),
      );
    }
    if (t.class === 'comprehensive' && spans.every((s) => s.size < 2)) {
      issues.push(
        fieldIssue(
          `${at}.areas`,
          'severalSections',
          'a comprehensive type touches the areas of two sections or more',
          '综合业务事项应涉及两个以上科室的业务领域',
        ),
      );
    }
  });
  return issues;
};
