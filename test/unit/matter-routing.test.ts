import { describe, expect, it } from 'vitest';
import { DEFAULT_MATTER_CATALOG, type MatterCatalog, type MatterType } from '../../shared/domain/matters/catalog.ts';
import { catalogIssues } from '../../shared/domain/matters/catalog-rules.ts';
import type { UnitNow } from '../../shared/domain/matters/change.ts';
import { checkIntake, type IntakeInput } from '../../shared/domain/matters/intake.ts';
import { routeMatter } from '../../shared/domain/matters/routing.ts';
import { zeroCounts } from '../../shared/domain/registry/establishment.ts';

const catalog = DEFAULT_MATTER_CATALOG;
const type = (id: string): MatterType => catalog.matterTypes.find((t) => t.typeId === id)!;
const route = (id: string, input: Parameters<typeof routeMatter>[2] = {}) => routeMatter(type(id), catalog.businessAreas, input);
const routed = (id: string, input: Parameters<typeof routeMatter>[2] = {}) => {
  const r = route(id, input);
  if (!r.ok) throw new Error(JSON.stringify(r.issue));
  return r.value;
};

describe('matter routing (R-MAT-1)', () => {
  it('gives a simple matter to its one responsible section for the whole flow, no co-sections', () => {
    const r = routed('organizationRenaming');
    expect(r).toMatchObject({ class: 'simple', leadSectionId: 'organs-section', rule: 'responsible', coSections: [] });
    expect(r.reasonZh).toBe('机构更名由机关编制科归口全程办理');
  });

  it('gives a quota matter to the section of its quota type', () => {
    expect(routed('quotaIncrease', { quotaType: 'administrative' }).leadSectionId).toBe('organs-section');
    expect(routed('quotaIncrease', { quotaType: 'publicInstitution' }).leadSectionId).toBe('institutions-section');
    expect(routed('quotaReduction', { quotaType: 'logistics' }).areas).toEqual([{ areaId: 'organQuota', sectionId: 'organs-section', share: 100 }]);
  });

  it('chooses the lead of a comprehensive matter by proportion: the largest share, the others co-sections', () => {
    const r = routed('organizationSetUp');
    expect(r).toMatchObject({
      class: 'comprehensive',
      rule: 'proportion',
      leadSectionId: 'organs-section',
      coSections: ['institutions-section', 'registration-bureau'],
    });
    expect(r.reasonZh).toBe('按事项占比优先：机关编制科占 50%，事业编制科占 30%，事业单位登记管理局占 20%');
  });

  it('chooses the lead by importance where the type says so, even against the larger share', () => {
    // institutionSetup holds 60% of an adjustment, but organSetup (importance 90) outranks it (85).
    const r = routed('organizationAdjustment');
    expect(r).toMatchObject({ rule: 'importance', leadSectionId: 'organs-section', coSections: ['institutions-section'] });
    const byShare = routeMatter({ ...type('organizationAdjustment'), leadRule: 'proportion' }, catalog.businessAreas, {});
    expect(byShare.ok && byShare.value.leadSectionId).toBe('institutions-section');
  });

  it('breaks a tie the same way every time: the other measure, then the section id', () => {
    const tied: MatterType = {
      ...type('organizationAdjustment'),
      leadRule: 'proportion',
      areas: [
        { areaId: 'institutionSetup', share: 50 },
        { areaId: 'organSetup', share: 50 },
      ],
    };
    // Equal shares: organSetup's importance (90) decides.
    const r = routeMatter(tied, catalog.businessAreas, {});
    expect(r.ok && r.value.leadSectionId).toBe('organs-section');
  });

  it('sets up a major task with a leading section and a task force from several sections, the leading one among them', () => {
    const taskForce = [
      { userId: 'li', sectionId: 'organs-section' },
      { userId: 'wang', sectionId: 'institutions-section' },
    ];
    const r = routed('institutionalReform', { taskForce });
    expect(r).toMatchObject({ class: 'major', leadSectionId: 'organs-section', rule: 'importance', taskForce });
  });

  it('refuses a major task whose task force is of one section, lacks the leading section, or names someone twice', () => {
    const one = route('institutionalReform', {
      taskForce: [
        { userId: 'a', sectionId: 'organs-section' },
        { userId: 'b', sectionId: 'organs-section' },
      ],
    });
    expect(!one.ok && one.issue).toMatchObject({ path: 'body.taskForce', rule: 'severalSections' });
    const noLead = route('institutionalReform', {
      taskForce: [
        { userId: 'a', sectionId: 'institutions-section' },
        { userId: 'b', sectionId: 'registration-bureau' },
      ],
    });
    expect(!noLead.ok && noLead.issue).toMatchObject({ path: 'body.taskForce', rule: 'leadingSectionMember' });
    const twice = route('institutionalReform', {
      taskForce: [
        { userId: 'a', sectionId: 'organs-section' },
        { userId: 'a', sectionId: 'organs-section' },
      ],
    });
    expect(!twice.ok && twice.issue).toMatchObject({ path: 'body.taskForce[1]', rule: 'duplicate' });
    expect(route('institutionalReform')).toMatchObject({ ok: false, issue: { rule: 'severalSections' } });
  });

  it('refuses a task force for anything but a major task', () => {
    const r = route('organizationSetUp', { taskForce: [{ userId: 'a', sectionId: 'organs-section' }] });
    expect(!r.ok && r.issue).toMatchObject({ path: 'body.taskForce', rule: 'onlyForMajor' });
  });

  it('always names exactly one lead, for every type of the built-in catalog and every quota type', () => {
    for (const t of catalog.matterTypes) {
      for (const quotaType of ['administrative', 'publicInstitution', 'civilServiceManagedInstitution', 'logistics'] as const) {
        const taskForce =
          t.class === 'major'
            ? [
                { userId: 'a', sectionId: 'organs-section' },
                { userId: 'b', sectionId: 'institutions-section' },
              ]
            : undefined;
        const r = routeMatter(t, catalog.businessAreas, { quotaType, taskForce });
        expect(r.ok, `${t.typeId} ${quotaType}`).toBe(true);
        if (r.ok) expect(r.value.coSections, t.typeId).not.toContain(r.value.leadSectionId);
      }
    }
  });
});

describe('matter catalog rules', () => {
  it('finds nothing wrong with the built-in catalog', () => {
    expect(catalogIssues(catalog)).toEqual([]);
  });

  it('names each broken reference, duplicate and class that does not fit its sections', () => {
    const broken: MatterCatalog = {
      businessAreas: [...catalog.businessAreas, { areaId: 'organSetup', nameZh: '重复', sectionId: 'nowhere-section', importance: 1 }],
      initiatingSituations: catalog.initiatingSituations,
      matterTypes: [
        {
          ...type('organizationRenaming'),
          areas: [
            { areaId: 'organSetup', share: 50 },
            { areaId: 'institutionSetup', share: 50 },
          ],
        },
        { ...type('organizationSetUp'), leadRule: undefined, areas: [{ areaId: 'noSuchArea', share: 10 }] },
      ],
    };
    const issues = catalogIssues(broken).map((i) => `${i.path} ${i.rule}`);
    expect(issues).toEqual([
      'body.businessAreas[8].areaId duplicate',
      'body.businessAreas[8].sectionId unknownSection',
      'body.matterTypes[0].areas oneSection',
      'body.matterTypes[1].areas[0].areaId unknownArea',
      'body.matterTypes[1].leadRule required',
      'body.matterTypes[1].areas severalSections',
    ]);
  });
});

describe('matter intake', () => {
  const unit: UnitNow = { kind: 'organ', civilServiceManaged: false, name: '市教育局', approved: { ...zeroCounts(), administrative: 30 } };
  const input: IntakeInput = {
    typeId: 'quotaReduction',
    situation: 'dutiesChanged',
    partyGroupDecision: { date: '2026-11-20' },
    priorCommunication: { date: '2026-11-24' },
    materials: [
      { code: 'request', ref: 'a1' },
      { code: 'partyGroupMinutes', ref: 'a2' },
    ],
    change: { quotaType: 'administrative', count: 2 },
  };
  const ctx = { unit, today: '2026-11-30', byOffice: false };

  it('accepts a whole submission and routes it', () => {
    const r = checkIntake(catalog, input, ctx);
    expect(r.ok && r.value.routing.leadSectionId).toBe('organs-section');
    expect(r.ok && r.value.materials.map((m) => m.nameZh)).toEqual(['请示文件', '党组（党委）会议纪要']);
  });

  it('names every problem at once: situation, future dates, materials, and the change', () => {
    const r = checkIntake(
      catalog,
      {
        ...input,
        situation: 'whim',
        partyGroupDecision: { date: '2026-12-01' },
        materials: [
          { code: 'request', ref: 'a1' },
          { code: 'request', ref: 'a1' },
          { code: 'selfie', ref: 'a3' },
        ],
        change: { quotaType: 'publicInstitution', count: 2, name: '新名称' },
      },
      ctx,
    );
    expect(!r.ok && r.issues.map((i) => `${i.path} ${i.rule}`)).toEqual([
      'body.situation unknownSituation',
      'body.partyGroupDecision.date future',
      'body.materials[1].code duplicate',
      'body.materials[2].code unknownMaterial',
      'body.materials missingMaterial',
      'body.change.name notForType',
    ]);
  });

  it('refuses a reduction below zero, a quota type the unit may not have, and a rename to the same name', () => {
    const below = checkIntake(catalog, { ...input, change: { quotaType: 'administrative', count: 31 } }, ctx);
    expect(!below.ok && below.issues.map((i) => `${i.path} ${i.rule}`)).toEqual(['body.change.count belowZero']);
    const wrongType = checkIntake(catalog, { ...input, change: { quotaType: 'publicInstitution', count: 1 } }, ctx);
    expect(!wrongType.ok && wrongType.issues[0]!.path).toBe('body.change.quotaType');
    const same = checkIntake(catalog, { ...input, typeId: 'organizationRenaming', change: { name: '市教育局' } }, ctx);
    expect(!same.ok && same.issues.map((i) => `${i.path} ${i.rule}`)).toEqual(['body.change.name unchanged']);
  });

  it('holds a change of functions, internal units or category to what the unit has and may have', () => {
    const materials = [
      { code: 'request', ref: 'a1' },
      { code: 'partyGroupMinutes', ref: 'a2' },
      { code: 'dutyList', ref: 'a3' },
    ];
    const rules = (typeId: string, change: Record<string, unknown>, unitNow = unit) => {
      const r = checkIntake(catalog, { ...input, typeId, materials, change }, { ...ctx, unit: unitNow });
      return r.ok ? [] : r.issues.map((i) => `${i.path} ${i.rule}`);
    };
    // The description is why; the whole new text or list is what the register will hold.
    expect(rules('functionAdjustment', { description: '职责调整说明' })).toEqual(['body.change.functions required']);
    expect(rules('functionAdjustment', { description: '职责调整说明', functions: '负责教育工作。' })).toEqual([]);
    expect(rules('functionAdjustment', { description: '职责调整说明', functions: '负责教育工作。' }, { ...unit, functions: '负责教育工作。' })).toEqual([
      'body.change.functions unchanged',
    ]);
    expect(rules('internalUnitsChange', { description: '增设科室', internalUnits: ['办公室', '基础教育科', '办公室'] })).toEqual([
      'body.change.internalUnits[2] duplicate',
    ]);
    expect(rules('internalUnitsChange', { description: '增设科室', internalUnits: ['办公室'] }, { ...unit, internalUnits: ['办公室'] })).toEqual([
      'body.change.internalUnits unchanged',
    ]);
    // An organ has no institution category; a public institution may not be put in the one it is in.
    const category = { description: '主要承担公益服务', institutionCategory: 'publicWelfareOne' };
    const categoryMaterials = [...materials.slice(0, 2), { code: 'categoryEvidence', ref: 'a3' }];
    const categoryRules = (unitNow: typeof unit) => {
      const r = checkIntake(
        catalog,
        { ...input, typeId: 'institutionCategoryChange', materials: categoryMaterials, change: category as never },
        { ...ctx, unit: unitNow },
      );
      return r.ok ? [] : r.issues.map((i) => `${i.path} ${i.rule}`);
    };
    expect(categoryRules(unit)).toEqual(['body.change.institutionCategory notAnInstitution']);
    const institution: UnitNow = { ...unit, kind: 'publicInstitution' };
    expect(categoryRules(institution)).toEqual([]);
    expect(categoryRules({ ...institution, institutionCategory: 'publicWelfareOne' })).toEqual(['body.change.institutionCategory unchanged']);
  });

  it('leaves major tasks to the office: a department cannot submit one', () => {
    const r = checkIntake(catalog, { ...input, typeId: 'institutionalReform', materials: [], change: { description: '深化机构改革' } }, ctx);
    expect(!r.ok && r.issues.map((i) => `${i.path} ${i.rule}`)).toContain('body.typeId officeOnly');
  });
});
