/**
 * Issuing an approved matter (R-MAT-4): the approval document takes the next number of the
 * committee's series, and in the same transaction the matter is marked issued, the registry
 * change its type makes is applied carrying that number (a quota increase or cut moves the
 * unit's quota and vacancy, a rename the unit's name, a post-quota matter its posts of a grade, on
 * the unit's audit chain, a set-up the new unit, an abolition the unit's end), and the unit is
 * told. Duties, internal units and an institution's category are set on the unit's record, as an
 * event of its history. A general adjustment (机构调整) is described, not counted: it is recorded
 * as not applied, for the registry clerk to carry out under the same number.
 */

import { nowIso } from '../clock.ts';
import { config } from '../config.ts';
import { dueDateEnds } from '../domain/calendar/working-days.ts';
import { QUOTA_TYPE_LABELS } from '../domain/labels.ts';
import { type ReplacedField, replacedFieldOf, sameValue } from '../domain/matters/change.ts';
import { COPY_RECEIPT_WORKING_DAYS, COPY_RECIPIENTS, IMPLEMENTATION_ITEM_LABELS, implementationItemsFor } from '../domain/matters/implementation.ts';
import { type PostGrade, zeroCounts, zeroPostCounts } from '../domain/registry/establishment.ts';
import { todayInShanghai } from '../domain/today.ts';
import { ValidationError } from '../errors.ts';
import type { Matter } from '../schemas/matters.ts';
import { dueDateAfter } from './holiday-calendars.ts';
import { keys, matterTaskId } from './keys.ts';
import { matterChain, matterPut, mattersRepo } from './matters.ts';
import { notificationPut } from './notifications.ts';
import { issueNumber } from './numbering.ts';
import { abolishWrite, type MatterEvent, recordEvent } from './org-lifecycle.ts';
import { type OrgRecord, type OrgWithCounter, orgSetUpWrite, postQuotaSetWrite, quotaSetWrite, registryRepo } from './registry.ts';
import type { TaskRecord } from './tasks.ts';
import { type Actor, writeAudited } from './write.ts';

/** What a change of the unit's description sets on its record, or nothing for any other kind (or an old matter without the field). */
const describedChange = (matter: Matter): Pick<OrgRecord, ReplacedField> | undefined => {
  const replaced = replacedFieldOf(matter.registryChange);
  const value = replaced && matter.change[replaced.field];
  return replaced && value ? { [replaced.field]: value } : undefined;
};

/** Why an approved change can no longer be made as approved (the unit changed since it was submitted), or nothing. */
const misfit = (matter: Matter, org: OrgWithCounter | undefined, taken: boolean): { message: string; messageZh: string } | undefined => {
  if (!org) return undefined;
  if (org.org.status !== 'active') return { message: 'the unit has been abolished meanwhile', messageZh: '单位已撤销' };
  const { change } = matter;
  if (taken) return { message: `an organization with id ${change.newOrgId} was registered meanwhile`, messageZh: `单位代码 ${change.newOrgId} 已被使用` };
  // A change that replaces the unit's functions, internal units or category was written against what the unit had then:
  // another matter issued meanwhile (or the same change twice) must not be overwritten unseen.
  const replaced = replacedFieldOf(matter.registryChange);
  if (replaced && matter.basis && replaced.field in matter.basis && !sameValue(org.org[replaced.field], matter.basis[replaced.field])) {
    return {
      message: `the unit's ${replaced.field} changed after the matter was submitted; submit the change again against what it has now`,
      messageZh: `申报后单位${replaced.zh}已有变更，请按现状重新申报`,
    };
  }
  if (matter.registryChange === 'reduceQuota' && change.quotaType && change.count! > org.counter.quota[change.quotaType]) {
    return {
      message: `the unit now has ${org.counter.quota[change.quotaType]} approved ${change.quotaType} slots, fewer than the ${change.count} to cut`,
      messageZh: `单位现核定${QUOTA_TYPE_LABELS[change.quotaType]} ${org.counter.quota[change.quotaType]} 名，不足核减的 ${change.count} 名`,
    };
  }
  return undefined;
};

/**
 * Issues the approved matter, or, when its change no longer fits the unit (another cut was
 * issued first, the unit was abolished), takes no number and sends the matter back with why.
 */
export const issueMatterDocument = async (matterId: string, actor: Actor): Promise<{ issued: boolean; number?: string }> => {
  let issued: NonNullable<Matter['document']> | undefined;
  let notFit: { message: string; messageZh: string } | undefined;
  await writeAudited(async () => {
    notFit = undefined;
    const matter = await mattersRepo.require(matterId);
    // Delivered again after it was issued: the document stands as it was.
    if (matter.document) {
      issued = matter.document;
      return undefined;
    }
    // Withdrawn (or otherwise moved on) since the deliberation: nothing to issue.
    if (matter.status !== 'deliberation') return undefined;
    const { change, registryChange } = matter;
    const quota = (registryChange === 'increaseQuota' || registryChange === 'reduceQuota') && change.quotaType && change.count;
    const rename = registryChange === 'renameOrganization' && change.name;
    const posts = registryChange === 'changePostQuota' && change.grade && change.track && change.count !== undefined;
    const setUp = registryChange === 'setUpOrganization' && change.newOrgId && change.kind && change.fundingForm && change.name;
    const abolition = registryChange === 'abolishOrganization';
    const described = describedChange(matter);
    const [org, holder] = await Promise.all([
      quota || rename || posts || setUp || abolition || described ? registryRepo.requireOrg(matter.orgId) : undefined,
      setUp ? registryRepo.getOrg(change.newOrgId!) : undefined,
    ]);
    // Checked on what is there now; the quota's move is conditioned on the quota read, so a cut racing this one is decided again.
    notFit = misfit(matter, org, holder !== undefined);
    if (notFit) return undefined;
    const today = todayInShanghai();
    const year = Number(today.slice(0, 4));
    const number = await issueNumber('committee', year, { kind: 'matter', id: matterId });
    const backing = { documentNumber: number.number, effectiveDate: today, reason: matter.title };
    // 设立: the new unit is set up under the submitting unit, with its first quota if one was approved; it is coded when it registers.
    const setUpWrite =
      setUp && org
        ? orgSetUpWrite(
            [
              {
                input: {
                  orgId: change.newOrgId!,
                  name: change.name!,
                  kind: change.kind!,
                  fundingForm: change.fundingForm!,
                  civilServiceManaged: change.civilServiceManaged ?? false,
                  legalPersonStatus: 'pending',
                  ...backing,
                },
                parent: org.org,
                quota: change.quotaType ? { ...zeroCounts(), [change.quotaType]: change.count! } : undefined,
                described: {
                  ...(change.functions ? { functions: change.functions } : {}),
                  ...(change.internalUnits ? { internalUnits: change.internalUnits } : {}),
                  ...(change.institutionCategory ? { institutionCategory: change.institutionCategory } : {}),
                },
              },
            ],
            actor,
          ).plan
        : undefined;
    // 撤销: the registry's own abolition, on its rule (nobody on the roster, nothing reserved, no
    // active subordinates). A unit that still holds people is approved all the same: its people
    // move in 组织实施, and the registry clerk abolishes it under this number once it is empty.
    let abolishPlan: Awaited<ReturnType<typeof abolishWrite>> | undefined;
    let notApplied: { message: string; messageZh: string } | undefined;
    if (abolition && org) {
      try {
        abolishPlan = await abolishWrite(org, { event: 'abolish', ...backing }, actor, {
          ...org.org,
          version: org.org.version + 1,
          status: 'abolished',
        });
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        const why = e.issues[0]!;
        notApplied = { message: `not abolished yet: ${why.message}`, messageZh: `暂未撤销：${why.messageZh}` };
      }
    }
    // A rename is the registry's own rename event, under the document's number, on the unit's chain.
    const renamed =
      rename && org && org.org.status === 'active'
        ? recordEvent(org, { event: 'rename', name: change.name!, documentNumber: number.number, effectiveDate: today, reason: matter.title }, actor, {
            ...org.org,
            version: org.org.version + 1,
            name: change.name!,
          })
        : undefined;
    // 职能, 内设机构, 类别: the unit's record takes them as approved, as an event of the register under the number.
    const redescribed =
      described && org && org.org.status === 'active'
        ? recordEvent(org, { event: registryChange as MatterEvent['event'], ...backing }, actor, { ...org.org, version: org.org.version + 1, ...described })
        : undefined;
    // A post-quota matter sets its track of the grade; the other track stays as it is.
    const postsNow = posts && org ? (org.counter.postQuota ?? zeroPostCounts())[change.grade as PostGrade] : undefined;
    const postWrite =
      postsNow && org
        ? postQuotaSetWrite(
            org,
            change.grade as PostGrade,
            { ...postsNow, [change.track!]: change.count!, documentNumber: number.number, effectiveDate: today, reason: matter.title },
            actor,
          )
        : undefined;
    const write =
      quota && org
        ? quotaSetWrite(
            org,
            change.quotaType!,
            {
              approved: org.counter.quota[change.quotaType!] + (registryChange === 'increaseQuota' ? change.count! : -change.count!),
              documentNumber: number.number,
              effectiveDate: today,
              reason: matter.title,
            },
            actor,
          )
        : undefined;
    // 抄送: each recipient gets a follow-up task in its inbox; its receipt is tracked on the document.
    const receiptDue = await dueDateAfter(today, { workingDays: COPY_RECEIPT_WORKING_DAYS });
    const at = nowIso();
    const copies = COPY_RECIPIENTS.map((r, i) => ({
      sectionId: r.sectionId,
      taskId: matterTaskId(matterId, matter.round, 'copyReceipt', i),
      followUpZh: r.followUpZh,
    }));
    const copyTasks = Object.fromEntries(
      copies.map((c, i) => {
        const task: Omit<TaskRecord, 'token'> = {
          taskId: c.taskId,
          matterId,
          sectionId: c.sectionId,
          assignedTo: c.sectionId,
          step: 'copyReceipt',
          status: 'pending',
          openedAt: at,
          dueAt: dueDateEnds(receiptDue.dueDate).toISOString(),
          ...(receiptDue.provisional ? { dueProvisional: true } : {}),
          version: 1,
        };
        const item = { ...keys.task(c.taskId), ...keys.taskIndex(c.sectionId, task.dueAt, c.taskId), ...task };
        return [`copy${i}`, { Put: { TableName: config.tableName('matters'), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }];
      }),
    );
    // 组织实施: the items the change calls for enter the supervision ledger, due when the implementation stage is.
    const rule = matter.stageDue.implementation;
    const implementationDue = await dueDateAfter(today, rule.kind === 'working' ? { workingDays: rule.days } : { calendarDays: rule.days });
    const items = implementationItemsFor(registryChange);
    const ledger = Object.fromEntries(
      items.map((item) => [
        `ledger-${item}`,
        {
          Put: {
            TableName: config.tableName('matters'),
            Item: {
              ...keys.ledgerItem(matterId, item),
              ...keys.ledgerDueIndex(implementationDue.dueDate, matterId, item),
              matterId,
              orgId: matter.orgId,
              item,
              itemZh: IMPLEMENTATION_ITEM_LABELS[item],
              dueDate: implementationDue.dueDate,
              status: 'open',
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]),
    );
    issued = {
      number: number.number,
      issuedOn: today,
      registryChange,
      applied: [write, renamed, redescribed, postWrite, setUpWrite, abolishPlan].some((w) => w !== undefined),
      ...(notApplied ? { notApplied } : {}),
      copies,
    };
    const after: Matter = { ...matter, status: 'issued', document: issued, implementation: { dueDate: implementationDue.dueDate, items } };
    return {
      items: {
        ...number.items,
        matter: matterPut(after, matter),
        ...(write?.items ?? {}),
        ...(renamed?.items ?? {}),
        ...(redescribed?.items ?? {}),
        ...(postWrite?.items ?? {}),
        ...(setUpWrite?.items ?? {}),
        ...(abolishPlan?.items ?? {}),
        ...copyTasks,
        ...ledger,
        message: notificationPut(matter.orgId, {
          kind: 'matterIssued',
          matterId,
          message: `Matter ${matterId} was approved: ${number.number}`,
          messageZh: `机构编制事项「${matter.title}」已批复，文号 ${number.number}`,
        }),
      },
      chains: [
        {
          audit: {
            chain: matterChain(matterId),
            actor,
            entityType: 'matter',
            entityId: matterId,
            action: 'issue',
            before: { status: matter.status },
            after: { status: 'issued', document: issued, implementation: after.implementation },
          },
        },
        ...(write ? [write.chain] : []),
        ...(renamed?.chains ?? []),
        ...(redescribed?.chains ?? []),
        ...(postWrite ? [postWrite.chain] : []),
        ...(setUpWrite?.chains ?? []),
        ...(abolishPlan?.chains ?? []),
      ],
      refuse: () => 'retry',
    };
  });
  if (notFit) {
    const why = notFit;
    await mattersRepo.transition(
      matterId,
      ['deliberation'],
      (m) => ({
        patch: { status: 'returned', outcome: { code: 'changeNoLongerFits', message: `not issued: ${why.message}`, messageZh: `未能发文：${why.messageZh}` } },
        action: 'notIssued',
        items: {
          message: notificationPut(m.orgId, {
            kind: 'matterNotIssued',
            matterId,
            message: `Matter ${matterId} was approved but could not be issued: ${why.message}`,
            messageZh: `机构编制事项「${m.title}」已审议通过，但${why.messageZh}，未能发文，已退回`,
          }),
        },
      }),
      actor,
    );
    return { issued: false };
  }
  return issued ? { issued: true, number: issued.number } : { issued: false };
};
