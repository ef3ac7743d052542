/**
 * The annual special inspection (R-SUP-5) as records: a year's draw (seed, method, sample) and
 * one inspection per drawn unit with its checklist. The draw reads the populations from the
 * registry, each unit's open problems (its unrectified supervision letters) and the year it was
 * last inspected, and writes the draw record first (`drawing`, with its seed), the inspections
 * next, and marks the draw `drawn` last: a draw cut off half-way is finished by running it again,
 * which draws the same sample from the recorded seed. Concluding an inspection writes its
 * findings up in a supervision letter (清单式督办) and refers serious ones to discipline
 * inspection, in one transaction.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../clock.ts';
import { config } from '../config.ts';
import { adjustmentMatterFor } from '../domain/supervision/adjustment.ts';
import { CHECKLIST_LABELS, type ChecklistArea, type Finding, freshChecklist, inspectionIdOf, pendingAreas } from '../domain/supervision/inspections.ts';
import { drawSample, populationOf, type SamplingUnit } from '../domain/supervision/sampling.ts';
import { todayInShanghai } from '../domain/today.ts';
import { ConflictError, fieldIssue, NotFoundError, ValidationError } from '../errors.ts';
import { logger } from '../log.ts';
import { mapLimited } from '../parallel.ts';
import type { Matter } from '../schemas/matters.ts';
import type { Inspection } from '../schemas/supervision.ts';
import { ddb, isConditionFailure } from './ddb.ts';
import { keys, recordOf } from './keys.ts';
import { leadWrite } from './lead-transfers.ts';
import { matterCatalogRepo } from './matter-catalog.ts';
import { matterChain, matterCreatePut, newMatterId } from './matters.ts';
import { notificationPut } from './notifications.ts';
import { queryAll } from './query-all.ts';
import { registryRepo } from './registry.ts';
import { letterWrite, newLetterId } from './supervision-letters.ts';
import { type Actor, type AuditInput, type ChainWrite, type TransactItem, writeAudited } from './write.ts';

const table = () => config.tableName('matters');
/** How far back a unit's last inspection is looked for. */
const LOOK_BACK_YEARS = 10;

export interface DrawRecord {
  year: number;
  seed: string;
  rate: number;
  method: string;
  populations: Record<string, { size: number; drawn: number }>;
  units: { orgId: string; orgNameZh?: string; population: string; weight: number; lastInspectedYear?: number; openProblems: number }[];
  status: 'drawing' | 'drawn';
  drawnBy: string;
  drawnAt: string;
}

export const getDraw = async (year: number): Promise<DrawRecord | undefined> => {
  const out = await ddb().send(new GetCommand({ TableName: table(), Key: keys.inspectionDraw(year), ConsistentRead: true }));
  return out.Item ? recordOf<DrawRecord>(out.Item) : undefined;
};

/** Every active unit of the two populations, with its open problems and the year it was last inspected. */
const samplingUnits = async (year: number): Promise<(SamplingUnit & { name: string })[]> => {
  const [orgs, openLetters, reportedLetters, ...pastYears] = await Promise.all([
    queryAll({
      TableName: config.tableName('registry'),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': keys.orgsIndexPk },
      ProjectionExpression: 'orgId, #n, kind, parentId, #s',
      ExpressionAttributeNames: { '#n': 'name', '#s': 'status' },
    }),
    ...['open', 'reported'].map((status) =>
      queryAll({
        TableName: table(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': keys.letterStatusPk(status) },
        ProjectionExpression: 'orgId',
      }),
    ),
    ...Array.from({ length: LOOK_BACK_YEARS }, (_, i) =>
      queryAll({
        TableName: table(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.inspectionYearPk(year - 1 - i) },
        ProjectionExpression: 'orgId, #y',
        ExpressionAttributeNames: { '#y': 'year' },
      }),
    ),
  ]);
  const problems = new Map<string, number>();
  for (const l of [...openLetters!, ...reportedLetters!]) problems.set(l.orgId, (problems.get(l.orgId) ?? 0) + 1);
  const last = new Map<string, number>();
  for (const i of pastYears.flat()) last.set(i.orgId, Math.max(last.get(i.orgId) ?? 0, Number(i.year)));
  return orgs.flatMap((o) => {
    const population = populationOf(o as { kind: string; parentId?: string; status?: string });
    if (!population) return [];
    return [
      {
        orgId: String(o.orgId),
        name: String(o.name),
        population,
        ...(last.has(o.orgId) ? { lastInspectedYear: last.get(o.orgId)! } : {}),
        openProblems: problems.get(o.orgId) ?? 0,
      },
    ];
  });
};

/** Draws the year's sample and opens an inspection per drawn unit (resumes a draw cut off half-way). */
export const drawInspections = async (year: number, opts: { seed?: string; rate?: number }, actor: Actor): Promise<DrawRecord> => {
  const existing = await getDraw(year);
  if (existing?.status === 'drawn')
    throw new ConflictError(`The ${year} inspection was drawn already (seed ${existing.seed})`, `${year} 年度专项检查已抽取`, 'DRAW_EXISTS');
  // Begun with another seed: a draw running now, or one cut off half-way, which only its own seed resumes.
  if (existing && opts.seed && opts.seed !== existing.seed) {
    throw new ConflictError(
      `A draw for ${year} was begun with seed ${existing.seed}: wait for it, or resume it with that seed`,
      `该年度抽取已用种子 ${existing.seed} 开始，请稍候或用同一种子完成`,
      'DRAW_EXISTS',
    );
  }
  const seed = existing?.seed ?? opts.seed ?? randomBytes(8).toString('hex');
  const rate = existing?.rate ?? opts.rate ?? 0.2;
  let record: DrawRecord;
  if (existing) {
    // Resumed: the sample recorded when the draw began, not one drawn again from today's records.
    record = existing;
  } else {
    const units = await samplingUnits(year);
    const draw = drawSample(units, seed, year, rate);
    const names = new Map(units.map((u) => [u.orgId, u.name]));
    record = {
      year,
      seed,
      rate,
      method: draw.method,
      populations: draw.populations,
      units: draw.units.map((u) => ({
        orgId: u.orgId,
        orgNameZh: names.get(u.orgId) ?? u.orgId,
        population: u.population,
        weight: u.weight,
        ...(u.lastInspectedYear ? { lastInspectedYear: u.lastInspectedYear } : {}),
        openProblems: u.openProblems,
      })),
      status: 'drawing',
      drawnBy: actor.userId,
      drawnAt: nowIso(),
    };
    try {
      await ddb().send(
        new PutCommand({ TableName: table(), Item: { ...keys.inspectionDraw(year), ...record }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      // Drawn meanwhile by another request: that draw stands.
      const other = await getDraw(year);
      throw other?.status === 'drawn'
        ? new ConflictError(`The ${year} inspection was drawn already (seed ${other.seed})`, `${year} 年度专项检查已抽取`, 'DRAW_EXISTS')
        : new ConflictError(
            `The ${year} inspection is being drawn (seed ${other?.seed}): try again shortly`,
            `${year} 年度专项检查正在抽取，请稍后再试`,
            'DRAW_EXISTS',
          );
    }
  }
  // Each inspection once: one made by an earlier, cut-off run (and perhaps worked on since) is left as it is.
  const inspections = record.units.map((u): Inspection & Record<string, unknown> => {
    const id = inspectionIdOf(year, u.orgId);
    return {
      ...keys.inspection(id),
      ...keys.inspectionYearIndex(year, u.orgId),
      ...keys.inspectionOrgIndex(u.orgId, year),
      inspectionId: id,
      year,
      orgId: u.orgId,
      orgNameZh: u.orgNameZh ?? u.orgId,
      population: u.population,
      status: 'drawn',
      checklist: freshChecklist(),
      version: 1,
    };
  });
  await mapLimited(inspections, 8, async (Item) => {
    try {
      await ddb().send(new PutCommand({ TableName: table(), Item, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
  });
  const done: DrawRecord = { ...record, status: 'drawn' };
  await writeAudited(() => ({
    items: {
      draw: {
        Put: {
          TableName: table(),
          Item: { ...keys.inspectionDraw(year), ...done },
          ConditionExpression: '#s = :drawing',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':drawing': 'drawing' },
        },
      },
    },
    chains: [
      {
        audit: {
          chain: { kind: 'office' },
          actor,
          entityType: 'inspectionDraw',
          entityId: String(year),
          action: 'draw',
          before: null,
          after: { seed, rate, method: record.method, populations: record.populations, units: record.units.map((u) => u.orgId) },
        },
      },
    ],
    refuse: () => new ConflictError(`The ${year} inspection was drawn meanwhile`, `${year} 年度专项检查已抽取`, 'DRAW_EXISTS'),
  }));
  return done;
};

export const inspectionsRepo = {
  async get(inspectionId: string): Promise<Inspection | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: keys.inspection(inspectionId), ConsistentRead: true }));
    return out.Item ? recordOf<Inspection>(out.Item) : undefined;
  },
  async require(inspectionId: string): Promise<Inspection> {
    const i = await this.get(inspectionId);
    if (!i) throw new NotFoundError(`No inspection ${inspectionId}`, `没有专项检查 ${inspectionId}`);
    return i;
  },
  async listByOrg(orgId: string): Promise<Inspection[]> {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': keys.inspectionOrgPk(orgId) },
        ScanIndexForward: false,
        Limit: 50,
      }),
    );
    return (out.Items ?? []).map((i) => recordOf<Inspection>(i));
  },
};

/** The inspection as changed, conditioned on the version read. */
const inspectionPut = (after: Inspection, before: Inspection): TransactItem => ({
  Put: {
    TableName: table(),
    Item: {
      ...keys.inspection(after.inspectionId),
      ...keys.inspectionYearIndex(after.year, after.orgId),
      ...keys.inspectionOrgIndex(after.orgId, after.year),
      ...after,
      version: (before.version ?? 1) + 1,
    },
    // As read: two people recording at once never lose each other's work (the second is decided again).
    ConditionExpression: '#v = :v',
    ExpressionAttributeNames: { '#v': 'version' },
    ExpressionAttributeValues: { ':v': before.version ?? 1 },
  },
});

const notConcluded = (i: Inspection) => {
  if (i.status === 'concluded') throw new ConflictError(`Inspection ${i.inspectionId} is concluded`, '该专项检查已结束', 'INSPECTION_CONCLUDED');
};

/** Records one checklist area: compliant, or its findings. */
export const recordChecklist = async (
  inspectionId: string,
  area: ChecklistArea,
  input: { result: 'compliant' | 'findings'; findings: Omit<Finding, 'findingId'>[] },
  actor: Actor,
): Promise<Inspection> => {
  if ((input.result === 'findings') !== input.findings.length > 0) {
    throw new ValidationError([
      fieldIssue(
        'body.findings',
        input.result === 'findings' ? 'required' : 'notAllowed',
        input.result === 'findings' ? 'list the findings' : 'a compliant area has no findings',
        input.result === 'findings' ? '请列出发现的问题' : '结论为合规时不应列问题',
      ),
    ]);
  }
  let after: Inspection | undefined;
  await writeAudited(async () => {
    const before = await inspectionsRepo.require(inspectionId);
    notConcluded(before);
    const entry = {
      area,
      labelZh: CHECKLIST_LABELS[area],
      result: input.result,
      findings: input.findings.map((f, i) => ({ ...f, findingId: `${area}-${i + 1}` })),
      by: actor.userId,
      at: nowIso(),
    };
    after = { ...before, checklist: before.checklist.map((c) => (c.area === area ? entry : c)) };
    return {
      items: { inspection: inspectionPut(after, before) },
      chains: [
        {
          audit: {
            chain: { kind: 'org', orgId: before.orgId },
            actor,
            entityType: 'inspection',
            entityId: inspectionId,
            action: 'checklist',
            before: before.checklist.find((c) => c.area === area),
            after: entry,
          },
        },
      ],
      refuse: () => 'retry',
    };
  });
  return after!;
};

/**
 * Concludes an inspection: its findings go into the problem ledger as one supervision letter to
 * the unit (清单式督办, which blocks its new plans and matters until rectified), and each serious
 * finding is referred to discipline inspection as a lead transfer, all in one transaction.
 */
export const concludeInspection = async (inspectionId: string, summary: string, actor: Actor): Promise<Inspection> => {
  let after: Inspection | undefined;
  await writeAudited(async () => {
    const before = await inspectionsRepo.require(inspectionId);
    notConcluded(before);
    const pending = pendingAreas(before.checklist);
    if (pending.length) {
      throw new ValidationError([
        fieldIssue(
          'params.inspectionId',
          'checklistPending',
          `record ${pending.join(', ')} first`,
          `请先填写${pending.map((a) => `“${CHECKLIST_LABELS[a]}”`).join('、')}检查结果`,
        ),
      ]);
    }
    const findings = before.checklist.flatMap((c) => c.findings.map((f) => ({ ...f, area: c.area, labelZh: c.labelZh })));
    const today = todayInShanghai();
    const items: Record<string, TransactItem> = {};
    const audits: AuditInput[] = [];
    let letterId: string | undefined;
    const leadIds: string[] = [];
    let adjustment: Matter | undefined;
    const matterChains: ChainWrite[] = [];
    if (findings.length) {
      letterId = newLetterId();
      const letter = await letterWrite({
        orgId: before.orgId,
        orgName: before.orgNameZh,
        letterId,
        items: findings.map((f) => ({ inspectionId, item: f.findingId, itemZh: `${f.labelZh}：${f.description}`, severity: f.severity })),
        kind: 'inspection',
        today,
        actor,
      });
      Object.assign(items, letter.items);
      audits.push(...[letter.chain.audit].flat());
      for (const [i, f] of findings.filter((x) => x.severity === 'serious').entries()) {
        const lead = await leadWrite(
          'office',
          {
            to: 'discipline',
            orgId: before.orgId,
            title: `${before.year}年度机构编制专项检查发现的严重问题`,
            problem: f.problem as never,
            facts: `${f.labelZh}：${f.description}`,
            evidence: [`inspection:${inspectionId}`, `finding:${f.findingId}`],
            requested: '请依规依纪核查处理并反馈结果',
          },
          before.orgNameZh,
          actor,
        );
        items[`lead${i}`] = lead.item;
        audits.push(lead.audit);
        leadIds.push(lead.lead.leadId);
      }
      // 职责空转、人岗分离: the office opens an establishment-adjustment matter for the unit to submit.
      const idle = findings.filter((f) => f.problem === 'idleDuties');
      if (idle.length) {
        const [catalog, org] = await Promise.all([matterCatalogRepo.get(), registryRepo.requireOrg(before.orgId)]);
        const opened = adjustmentMatterFor(
          catalog,
          { orgId: before.orgId, departmentId: org.org.departmentId, nameZh: before.orgNameZh },
          { inspectionId, year: before.year, letterId },
          idle,
          { matterId: newMatterId(), by: actor.userId, at: nowIso() },
        );
        if (opened.ok) {
          adjustment = opened.matter;
          items.adjustment = matterCreatePut(adjustment);
          matterChains.push({
            headItem: {},
            audit: {
              chain: matterChain(adjustment.matterId),
              actor,
              entityType: 'matter',
              entityId: adjustment.matterId,
              action: 'open',
              before: null,
              after: adjustment,
              reason: `inspection ${inspectionId}`,
            },
          });
          items.adjustmentMessage = notificationPut(before.orgId, {
            kind: 'matterOpened',
            matterId: adjustment.matterId,
            message: `The special inspection found idle duties or person-post separation: matter ${adjustment.matterId} was opened for the unit to submit its establishment adjustment`,
            messageZh: `专项检查发现职责空转、人岗分离，编办已立项「${adjustment.title}」，请按程序报送机构编制调整方案`,
          });
        } else {
          logger.warn('no adjustment matter opened for an inspection finding idle duties', { inspectionId, reason: opened.reason });
        }
      }
    }
    after = {
      ...before,
      status: 'concluded',
      summary,
      ...(letterId ? { letterId } : {}),
      ...(leadIds.length ? { leadIds } : {}),
      ...(adjustment ? { adjustmentMatterId: adjustment.matterId } : {}),
      concludedBy: actor.userId,
      concludedAt: nowIso(),
    };
    return {
      items: {
        ...items,
        inspection: inspectionPut(after, before),
        ...(findings.length
          ? {}
          : {
              message: notificationPut(before.orgId, {
                kind: 'inspectionConcluded',
                inspectionId,
                message: `The ${before.year} special inspection found nothing to rectify`,
                messageZh: `${before.year} 年度机构编制专项检查未发现问题`,
              }),
            }),
      },
      chains: [
        {
          audit: [
            {
              chain: { kind: 'org', orgId: before.orgId },
              actor,
              entityType: 'inspection',
              entityId: inspectionId,
              action: 'conclude',
              before: { status: before.status },
              after: { status: 'concluded', summary, findings: findings.length, letterId, leadIds, adjustmentMatterId: adjustment?.matterId },
            },
            ...audits,
          ],
        },
        ...matterChains,
      ],
      refuse: () => 'retry',
    };
  });
  return after!;
};
