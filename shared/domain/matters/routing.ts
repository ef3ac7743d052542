/**
 * Intake routing (R-MAT-1, the seed's "单一业务归口办理、综合业务主协办分明"): a simple matter goes
 * to its one responsible section for the whole flow; a comprehensive matter gets one lead
 * section, chosen by proportion or importance as its type says, and co-sections; a major task
 * gets a leading section and a task force of named people from several sections. Whatever the
 * class, exactly one section is accountable, and the reason it was chosen is recorded.
 */
import { labelIn, SECTION_LABELS } from '../labels.ts';
import { bad, type Checked, ok } from '../registry/check.ts';
import type { QuotaType } from '../registry/rules.ts';
import type { BusinessArea, LeadRule, MatterClass, MatterType } from './catalog.ts';

export interface TaskForceMember {
  userId: string;
  sectionId: string;
}

export interface Routing {
  class: MatterClass;
  leadSectionId: string;
  rule: 'responsible' | LeadRule;
  reason: string;
  reasonZh: string;
  coSections: string[];
  /** The areas the matter touches as routed, with the section that owns each. */
  areas: { areaId: string; sectionId: string; share: number }[];
  taskForce?: TaskForceMember[];
}

const sectionZh = (id: string) => labelIn(SECTION_LABELS, id, id);

interface SectionWeight {
  sectionId: string;
  share: number;
  importance: number;
}

/** Each section's share of the matter and the importance of its most important area. */
const weigh = (areas: Routing['areas'], byId: Map<string, BusinessArea>): SectionWeight[] => {
  const out = new Map<string, SectionWeight>();
  for (const a of areas) {
    const w = out.get(a.sectionId) ?? { sectionId: a.sectionId, share: 0, importance: 0 };
    w.share += a.share;
    w.importance = Math.max(w.importance, byId.get(a.areaId)!.importance);
    out.set(a.sectionId, w);
  }
  return [...out.values()];
};

/** Ties fall to the other measure, then to the section id, so the choice is always the same for the same matter. */
const ranked = (weights: SectionWeight[], rule: LeadRule): SectionWeight[] =>
  [...weights].sort((a, b) => {
    const [first, second] = rule === 'proportion' ? (['share', 'importance'] as const) : (['importance', 'share'] as const);
    return b[first] - a[first] || b[second] - a[second] || a.sectionId.localeCompare(b.sectionId);
  });

const percent = (share: number, total: number) => Math.round((share / total) * 100);

const leadReason = (rule: LeadRule, order: SectionWeight[]): Pick<Routing, 'reason' | 'reasonZh'> => {
  const total = order.reduce((s, w) => s + w.share, 0);
  if (rule === 'proportion') {
    return {
      reason: `proportion priority: ${order.map((w) => `${w.sectionId} ${percent(w.share, total)}%`).join(', ')}`,
      reasonZh: `按事项占比优先：${order.map((w) => `${sectionZh(w.sectionId)}占 ${percent(w.share, total)}%`).join('，')}`,
    };
  }
  return {
    reason: `importance priority: ${order.map((w) => `${w.sectionId} (importance ${w.importance})`).join(', ')}`,
    reasonZh: `按重要程度优先：${order.map((w) => `${sectionZh(w.sectionId)}（重要程度 ${w.importance}）`).join('，')}`,
  };
};

/**
 * Routes a matter of `type`. `quotaType` leaves out the areas of other quota types (a quota
 * increase of 事业编制 is the institutions section's alone); `taskForce` is required for a
 * major task and refused for any other.
 */
export const routeMatter = (
  type: MatterType,
  businessAreas: BusinessArea[],
  input: { quotaType?: QuotaType; taskForce?: TaskForceMember[] },
): Checked<Routing> => {
  const byId = new Map(businessAreas.map((a) => [a.areaId, a]));
  const areas = type.areas
    .map((a) => ({ ...a, area: byId.get(a.areaId) }))
    .filter((a) => a.area && (!a.area.quotaTypes || !input.quotaType || a.area.quotaTypes.includes(input.quotaType)))
    .map((a) => ({ areaId: a.areaId, sectionId: a.area!.sectionId, share: a.share }));
  if (!areas.length) {
    return bad('body.typeId', 'noSection', `no section handles a ${type.typeId} matter here`, `该类事项没有对应的归口科室，请联系编办`);
  }
  const weights = weigh(areas, byId);
  if (type.class !== 'major' && input.taskForce?.length) {
    return bad('body.taskForce', 'onlyForMajor', 'a task force is set up for a major task only', '只有重大任务才组建专班');
  }
  if (type.class === 'simple') {
    // The catalog keeps a simple type within one section for any one quota type (catalog-rules.ts).
    if (weights.length > 1) {
      return bad(
        'body.typeId',
        'oneSection',
        `a simple ${type.typeId} matter must lie with one section`,
        `简易事项应由一个科室归口办理，请联系编办核对事项目录`,
      );
    }
    const only = weights[0]!.sectionId;
    return ok({
      class: 'simple',
      leadSectionId: only,
      rule: 'responsible',
      reason: `responsible section for ${type.typeId}`,
      reasonZh: `${type.nameZh}由${sectionZh(only)}归口全程办理`,
      coSections: [],
      areas,
    });
  }
  const rule = type.leadRule ?? 'proportion';
  const order = ranked(weights, rule);
  const lead = order[0]!.sectionId;
  const coSections = order.slice(1).map((w) => w.sectionId);
  const why = leadReason(rule, order);
  if (type.class === 'major') return withTaskForce(type, lead, coSections, areas, why, input, rule);
  return ok({ class: 'comprehensive', leadSectionId: lead, rule, ...why, coSections, areas });
};

/** 专班: named people from at least two sections, the leading section among them, nobody twice. */
const withTaskForce = (
  type: MatterType,
  lead: string,
  coSections: string[],
  areas: Routing['areas'],
  why: Pick<Routing, 'reason' | 'reasonZh'>,
  input: { taskForce?: TaskForceMember[] },
  rule: LeadRule = type.leadRule ?? 'importance',
): Checked<Routing> => {
  const members = input.taskForce ?? [];
  const seen = new Set<string>();
  for (const [i, m] of members.entries()) {
    if (seen.has(m.userId)) return bad(`body.taskForce[${i}]`, 'duplicate', `${m.userId} is named twice`, `${m.userId} 重复列入专班`);
    seen.add(m.userId);
  }
  const sections = new Set(members.map((m) => m.sectionId));
  if (sections.size < 2) {
    return bad(
      'body.taskForce',
      'severalSections',
      'a major task needs a task force of people from at least two sections',
      '重大任务须由两个以上科室的人员组成专班',
    );
  }
  if (!sections.has(lead)) {
    return bad(
      'body.taskForce',
      'leadingSectionMember',
      `the leading section ${lead} must have a member in the task force`,
      `牵头科室${sectionZh(lead)}须有人员参加专班`,
    );
  }
  return ok({
    class: 'major',
    leadSectionId: lead,
    rule,
    reason: `leading section by ${why.reason}`,
    reasonZh: `牵头科室${why.reasonZh}`,
    coSections,
    areas,
    taskForce: members,
  });
};
