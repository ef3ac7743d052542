/**
 * A matter's intake as a pure rule: everything a clerk would check on the paper submission
 * (the type and situation exist, the party group decided before it was sent, every required
 * material is attached, the change fits the unit), then the routing. All issues at once, each
 * naming its field, so a department corrects its submission in one go.
 */
import { type FieldIssue, fieldIssue } from '../../errors.ts';
import type { InitiatingSituation, MatterCatalog, MatterType } from './catalog.ts';
import { type ChangeInput, changeIssues, type UnitNow } from './change.ts';
import { type Routing, routeMatter, type TaskForceMember } from './routing.ts';

export interface IntakeInput {
  typeId: string;
  situation: string;
  partyGroupDecision: { date: string };
  priorCommunication: { date: string };
  materials: { code: string; ref: string }[];
  change: ChangeInput;
}

export interface Intake {
  type: MatterType;
  situation: InitiatingSituation;
  materials: { code: string; nameZh: string; ref: string }[];
  routing: Routing;
}

/** The materials against the type's list: each one it takes, once, and none missing. */
export const materialIssues = (type: MatterType, given: { code: string }[]): FieldIssue[] => {
  const required = new Map(type.requiredMaterials.map((m) => [m.code, m]));
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  given.forEach((m, i) => {
    if (seen.has(m.code)) issues.push(fieldIssue(`body.materials[${i}].code`, 'duplicate', `${m.code} is attached twice`, `${m.code} 重复提交`));
    else if (!required.has(m.code)) {
      issues.push(
        fieldIssue(`body.materials[${i}].code`, 'unknownMaterial', `a ${type.typeId} matter does not take ${m.code}`, `${type.nameZh}事项不需要该材料`),
      );
    }
    seen.add(m.code);
  });
  const missing = type.requiredMaterials.filter((m) => !seen.has(m.code));
  if (missing.length) {
    issues.push(
      fieldIssue(
        'body.materials',
        'missingMaterial',
        `missing required materials: ${missing.map((m) => m.code).join(', ')}`,
        `缺少申报材料：${missing.map((m) => m.nameZh).join('、')}`,
      ),
    );
  }
  return issues;
};

/** The materials with their names from the type's list. */
export const namedMaterials = (type: MatterType, given: { code: string; ref: string }[]) =>
  given.map((m) => ({ ...m, nameZh: type.requiredMaterials.find((r) => r.code === m.code)!.nameZh }));

export type IntakeResult = { ok: true; value: Intake } | { ok: false; issues: FieldIssue[] };

export const checkIntake = (
  catalog: MatterCatalog,
  input: IntakeInput,
  ctx: { unit: UnitNow; today: string; byOffice: boolean; taskForce?: TaskForceMember[] },
): IntakeResult => {
  const type = catalog.matterTypes.find((t) => t.typeId === input.typeId);
  if (!type) {
    const known = catalog.matterTypes.map((t) => t.typeId).join(', ');
    return {
      ok: false,
      issues: [fieldIssue('body.typeId', 'unknownType', `no matter type ${input.typeId}; the catalog has ${known}`, '事项目录中没有该事项类型')],
    };
  }
  const issues: FieldIssue[] = [];
  const situation = catalog.initiatingSituations.find((s) => s.code === input.situation);
  if (!situation) {
    issues.push(
      fieldIssue(
        'body.situation',
        'unknownSituation',
        `must be one of the initiating situations: ${catalog.initiatingSituations.map((s) => s.code).join(', ')}`,
        `应为启动事项的情形之一：${catalog.initiatingSituations.map((s) => s.nameZh).join('；')}`,
      ),
    );
  }
  if (type.class === 'major' && !ctx.byOffice) {
    issues.push(
      fieldIssue('body.typeId', 'officeOnly', 'a major task is set up by the office, not submitted by a department', '重大任务由编办牵头组织，不由部门申报'),
    );
  }
  for (const [field, date] of [
    ['partyGroupDecision.date', input.partyGroupDecision.date],
    ['priorCommunication.date', input.priorCommunication.date],
  ] as const) {
    if (date > ctx.today) issues.push(fieldIssue(`body.${field}`, 'future', `${date} is after today (${ctx.today})`, `${date} 晚于今天（${ctx.today}）`));
  }
  issues.push(...materialIssues(type, input.materials));
  issues.push(...changeIssues(type.registryChange, input.change, ctx.unit));
  // A department's major task is refused above; its missing task force would only repeat that.
  if (type.class === 'major' && !ctx.byOffice) return { ok: false, issues };
  const routing = routeMatter(type, catalog.businessAreas, { quotaType: input.change.quotaType, taskForce: ctx.taskForce });
  // Without its quota type a quota matter cannot be routed; the missing field is the issue, not the type.
  const noQuotaType = issues.some((i) => i.path === 'body.change.quotaType');
  if (!routing.ok && !(noQuotaType && routing.issue.rule === 'oneSection')) issues.push(routing.issue);
  if (issues.length || !routing.ok || !situation) return { ok: false, issues };
  return {
    ok: true,
    value: { type, situation, materials: namedMaterials(type, input.materials), routing: routing.value },
  };
};
