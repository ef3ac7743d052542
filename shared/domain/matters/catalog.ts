/**
 * The matter catalog (事项目录): office data that says what kinds of matters there are, which
 * section owns which business area, and the five initiating situations (启动事项的五种情形).
 * The office admin edits it (PUT /matter-catalog, audited); until then the office works with
 * the catalog below. Plain types here: the schemas (shared/schemas/matters.ts) check input
 * against these shapes, and the rules (routing.ts, catalog-rules.ts) read them.
 */
import type { QuotaType } from '../registry/rules.ts';

export const MATTER_CLASSES = ['simple', 'comprehensive', 'major'] as const;
export type MatterClass = (typeof MATTER_CLASSES)[number];

/** How the lead section of a comprehensive matter (and the leading section of a major task) is chosen. */
export const LEAD_RULES = ['proportion', 'importance'] as const;
export type LeadRule = (typeof LEAD_RULES)[number];

export const MATTER_STAGES = ['proposal', 'argumentation', 'deliberation', 'implementation'] as const;
export type MatterStage = (typeof MATTER_STAGES)[number];

export const DAY_KINDS = ['working', 'calendar'] as const;
export interface StageDue {
  days: number;
  kind: (typeof DAY_KINDS)[number];
}

/** The registry change an approved matter of a type makes (applied on issue, with the document number). */
export const REGISTRY_CHANGES = [
  'setUpOrganization',
  'adjustOrganization',
  'renameOrganization',
  'abolishOrganization',
  'adjustFunctions',
  'increaseQuota',
  'reduceQuota',
  'changePostQuota',
  'changeInternalUnits',
  'changeInstitutionCategory',
] as const;
export type RegistryChange = (typeof REGISTRY_CHANGES)[number];

export interface BusinessArea {
  areaId: string;
  nameZh: string;
  /** The section that owns the area (归口责任科室). */
  sectionId: string;
  /** Rank for "importance priority" (重要程度优先): the higher, the more important. */
  importance: number;
  /** An area that concerns only some quota types (行政编制 vs 事业编制); a matter of another type leaves it out. */
  quotaTypes?: QuotaType[];
}

export interface InitiatingSituation {
  code: string;
  nameZh: string;
}

export interface MatterType {
  typeId: string;
  nameZh: string;
  class: MatterClass;
  /** The areas the matter touches, each with its share of the work ("proportion priority" weighs these). */
  areas: { areaId: string; share: number }[];
  /** Required for comprehensive and major types. */
  leadRule?: LeadRule;
  /** 重要事项: expert argumentation and a risk assessment are required. */
  important: boolean;
  requiredMaterials: { code: string; nameZh: string }[];
  stageDue: Record<MatterStage, StageDue>;
  registryChange: RegistryChange;
}

export interface MatterCatalog {
  businessAreas: BusinessArea[];
  initiatingSituations: InitiatingSituation[];
  matterTypes: MatterType[];
}

const due = (proposal: number, argumentation: number, deliberation: number, implementation: number): Record<MatterStage, StageDue> => ({
  proposal: { days: proposal, kind: 'working' },
  argumentation: { days: argumentation, kind: 'working' },
  deliberation: { days: deliberation, kind: 'working' },
  implementation: { days: implementation, kind: 'calendar' },
});

const REQUEST = { code: 'request', nameZh: '请示文件' };
const PARTY_MINUTES = { code: 'partyGroupMinutes', nameZh: '党组（党委）会议纪要' };
const PLAN_TEXT = { code: 'plan', nameZh: '机构编制方案（草案）' };
const DUTIES = { code: 'dutyList', nameZh: '职责清单' };

/** The catalog the office starts with. */
export const DEFAULT_MATTER_CATALOG: MatterCatalog = {
  businessAreas: [
    { areaId: 'organSetup', nameZh: '党政机构设置', sectionId: 'organs-section', importance: 90 },
    { areaId: 'organFunctions', nameZh: '党政机构职能配置', sectionId: 'organs-section', importance: 80 },
    { areaId: 'postQuota', nameZh: '领导职数', sectionId: 'organs-section', importance: 75 },
    { areaId: 'organQuota', nameZh: '行政（工勤）编制', sectionId: 'organs-section', importance: 70, quotaTypes: ['administrative', 'logistics'] },
    { areaId: 'institutionSetup', nameZh: '事业单位机构设置', sectionId: 'institutions-section', importance: 85 },
    {
      areaId: 'institutionQuota',
      nameZh: '事业编制',
      sectionId: 'institutions-section',
      importance: 65,
      quotaTypes: ['publicInstitution', 'civilServiceManagedInstitution'],
    },
    { areaId: 'institutionCategory', nameZh: '事业单位分类', sectionId: 'institutions-section', importance: 60 },
    { areaId: 'legalPerson', nameZh: '事业单位法人登记', sectionId: 'registration-bureau', importance: 50 },
  ],
  initiatingSituations: [
    { code: 'higherDirective', nameZh: '贯彻落实党中央和上级党委部署要求' },
    { code: 'lawRequires', nameZh: '法律法规和党内法规规定需要调整' },
    { code: 'dutiesChanged', nameZh: '职责任务发生较大变化' },
    { code: 'setupUnsound', nameZh: '机构设置或编制配备明显不合理、影响履职' },
    { code: 'otherNecessity', nameZh: '其他确需调整的情形' },
  ],
  matterTypes: [
    {
      typeId: 'organizationSetUp',
      nameZh: '机构设立',
      class: 'comprehensive',
      areas: [
        { areaId: 'organSetup', share: 50 },
        { areaId: 'institutionSetup', share: 30 },
        { areaId: 'legalPerson', share: 20 },
      ],
      leadRule: 'proportion',
      important: true,
      requiredMaterials: [REQUEST, PARTY_MINUTES, PLAN_TEXT, DUTIES],
      stageDue: due(5, 15, 10, 90),
      registryChange: 'setUpOrganization',
    },
    {
      typeId: 'organizationAdjustment',
      nameZh: '机构调整',
      class: 'comprehensive',
      areas: [
        { areaId: 'organSetup', share: 40 },
        { areaId: 'institutionSetup', share: 60 },
      ],
      leadRule: 'importance',
      important: true,
      requiredMaterials: [REQUEST, PARTY_MINUTES, PLAN_TEXT],
      stageDue: due(5, 15, 10, 60),
      registryChange: 'adjustOrganization',
    },
    {
      typeId: 'organizationRenaming',
      nameZh: '机构更名',
      class: 'simple',
      areas: [{ areaId: 'organSetup', share: 100 }],
      important: false,
      requiredMaterials: [REQUEST, PARTY_MINUTES],
      stageDue: due(3, 5, 5, 30),
      registryChange: 'renameOrganization',
    },
    {
      typeId: 'organizationAbolition',
      nameZh: '机构撤销',
      class: 'comprehensive',
      areas: [
        { areaId: 'organSetup', share: 70 },
        { areaId: 'legalPerson', share: 30 },
      ],
      leadRule: 'proportion',
      important: true,
      requiredMaterials: [REQUEST, PARTY_MINUTES, { code: 'personnelPlacement', nameZh: '人员安置方案' }],
      stageDue: due(5, 15, 10, 90),
      registryChange: 'abolishOrganization',
    },
    {
      typeId: 'functionAdjustment',
      nameZh: '职能调整',
      class: 'simple',
      areas: [{ areaId: 'organFunctions', share: 100 }],
      important: false,
      requiredMaterials: [REQUEST, PARTY_MINUTES, DUTIES],
      stageDue: due(3, 10, 5, 60),
      registryChange: 'adjustFunctions',
    },
    {
      typeId: 'quotaIncrease',
      nameZh: '增加编制',
      class: 'simple',
      areas: [
        { areaId: 'organQuota', share: 100 },
        { areaId: 'institutionQuota', share: 100 },
      ],
      important: false,
      requiredMaterials: [REQUEST, PARTY_MINUTES, { code: 'workloadEvidence', nameZh: '工作量测算说明' }],
      stageDue: due(3, 10, 5, 30),
      registryChange: 'increaseQuota',
    },
    {
      typeId: 'quotaReduction',
      nameZh: '核减编制',
      class: 'simple',
      areas: [
        { areaId: 'organQuota', share: 100 },
        { areaId: 'institutionQuota', share: 100 },
      ],
      important: false,
      requiredMaterials: [REQUEST, PARTY_MINUTES],
      stageDue: due(3, 10, 5, 30),
      registryChange: 'reduceQuota',
    },
    {
      typeId: 'postQuotaChange',
      nameZh: '领导职数核定',
      class: 'simple',
      areas: [{ areaId: 'postQuota', share: 100 }],
      important: false,
      requiredMaterials: [REQUEST, PARTY_MINUTES],
      stageDue: due(3, 10, 5, 30),
      registryChange: 'changePostQuota',
    },
    {
      typeId: 'internalUnitsChange',
      nameZh: '内设机构调整',
      class: 'simple',
      areas: [{ areaId: 'organSetup', share: 100 }],
      important: false,
      requiredMaterials: [REQUEST, PARTY_MINUTES, DUTIES],
      stageDue: due(3, 10, 5, 30),
      registryChange: 'changeInternalUnits',
    },
    {
      typeId: 'institutionCategoryChange',
      nameZh: '事业单位类别调整',
      class: 'simple',
      areas: [{ areaId: 'institutionCategory', share: 100 }],
      important: true,
      requiredMaterials: [REQUEST, PARTY_MINUTES, { code: 'categoryEvidence', nameZh: '公益属性及经费来源说明' }],
      stageDue: due(5, 15, 10, 60),
      registryChange: 'changeInstitutionCategory',
    },
    {
      typeId: 'institutionalReform',
      nameZh: '机构改革（重大任务）',
      class: 'major',
      areas: [
        { areaId: 'organSetup', share: 40 },
        { areaId: 'institutionSetup', share: 40 },
        { areaId: 'organFunctions', share: 20 },
      ],
      leadRule: 'importance',
      important: true,
      requiredMaterials: [PLAN_TEXT, PARTY_MINUTES],
      stageDue: due(10, 30, 15, 180),
      registryChange: 'adjustOrganization',
    },
  ],
};
