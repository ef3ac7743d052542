/**
 * 对因职责空转、人岗分离导致机构运行不畅的，按程序调整其机构编制 (R-SUP-6): an inspection whose
 * findings include idle duties or person-post separation opens an establishment-adjustment
 * matter for the unit. The office opens it; the procedure is the ordinary one, so the unit then
 * submits it with its party group's decision and the materials its type requires, and it goes
 * through pre-review and the four stages like any other matter.
 */
import type { Matter, MatterCatalog } from '../../schemas/matters.ts';
import type { MatterType } from '../matters/catalog.ts';
import { routeMatter } from '../matters/routing.ts';

/** The type an adjustment is opened as: the catalog's own 机构调整 if it has it, else another non-major establishment adjustment. */
export const adjustmentTypeOf = (catalog: Pick<MatterCatalog, 'matterTypes'>): MatterType | undefined => {
  const adjustments = catalog.matterTypes.filter((t) => t.registryChange === 'adjustOrganization' && t.class !== 'major');
  return adjustments.find((t) => t.typeId === 'organizationAdjustment') ?? adjustments[0];
};

/** The findings that call for an adjustment, with their ids. */
export interface IdleDutyFinding {
  findingId: string;
  labelZh: string;
  description: string;
}

/**
 * The matter opened for `unit`, or why none can be (the catalog has no adjustment type, or no
 * section handles it): nothing is written then, and the letter's findings still stand.
 */
export const adjustmentMatterFor = (
  catalog: Pick<MatterCatalog, 'matterTypes' | 'businessAreas' | 'initiatingSituations' | 'version'>,
  unit: { orgId: string; departmentId: string; nameZh: string },
  inspection: { inspectionId: string; year: number; letterId?: string },
  findings: IdleDutyFinding[],
  opened: { matterId: string; by: string; at: string },
): { ok: true; matter: Matter } | { ok: false; reason: string } => {
  const type = adjustmentTypeOf(catalog);
  if (!type) return { ok: false, reason: 'the catalog has no establishment-adjustment type' };
  const routing = routeMatter(type, catalog.businessAreas, {});
  if (!routing.ok) return { ok: false, reason: routing.issue.message };
  const situation =
    catalog.initiatingSituations.find((s) => s.code === 'setupUnsound') ?? catalog.initiatingSituations[catalog.initiatingSituations.length - 1];
  if (!situation) return { ok: false, reason: 'the catalog has no initiating situations' };
  const description = `${inspection.year}年度机构编制专项检查发现：${findings.map((f) => `${f.labelZh}：${f.description}`).join('；')}`;
  return {
    ok: true,
    matter: {
      matterId: opened.matterId,
      revision: 0,
      orgId: unit.orgId,
      departmentId: unit.departmentId,
      typeId: type.typeId,
      typeNameZh: type.nameZh,
      class: type.class,
      important: type.important,
      registryChange: type.registryChange,
      title: `关于调整${unit.nameZh}机构编制的事项`.slice(0, 100),
      situation: { code: situation.code, nameZh: situation.nameZh },
      materials: [],
      change: { description: description.slice(0, 2000) },
      origin: {
        kind: 'inspection',
        inspectionId: inspection.inspectionId,
        ...(inspection.letterId ? { letterId: inspection.letterId } : {}),
        findingIds: findings.map((f) => f.findingId),
      },
      routing: routing.value,
      status: 'opened',
      round: 1,
      stageDue: type.stageDue,
      executionName: `${opened.matterId}-r1`,
      catalogVersion: catalog.version,
      submittedBy: opened.by,
      submittedAt: opened.at,
    },
  };
};
