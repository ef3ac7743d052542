/**
 * Issuing an approved matter (R-MAT-4): the approval document takes the next number of the
 * committee's series, and in the same transaction the matter is marked issued, the registry
 * change its type makes is applied carrying that number (a quota increase or cut moves the
 * unit's quota and vacancy, a rename the unit's name, a post-quota matter its posts of a grade, on
 * the unit's audit chain), and the unit is told. A change the
 * registry cannot make by itself yet (a new organization's details, duties) is recorded as not
 * applied, for the registry clerk to carry out under the same number.
 */

import { nowIso } from '../clock.ts';
import { config } from '../config.ts';
import { dueDateEnds } from '../domain/calendar/working-days.ts';
import { QUOTA_TYPE_LABELS } from '../domain/labels.ts';
import { COPY_RECEIPT_WORKING_DAYS, COPY_RECIPIENTS, IMPLEMENTATION_ITEM_LABELS, implementationItemsFor } from '../domain/matters/implementation.ts';
import { type PostGrade, zeroPostCounts } from '../domain/registry/establishment.ts';
import { todayInShanghai } from '../domain/today.ts';
import type { Matter } from '../schemas/matters.ts';
import { dueDateAfter } from './holiday-calendars.ts';
import { keys, matterTaskId } from './keys.ts';
import { matterChain, matterPut, mattersRepo } from './matters.ts';
import { notificationPut } from './notifications.ts';
import { issueNumber } from './numbering.ts';
import { recordEvent } from './org-lifecycle.ts';
import { type OrgWithCounter, postQuotaSetWrite, quotaSetWrite, registryRepo } from './registry.ts';
import type { TaskRecord } from './tasks.ts';
import { type Actor, writeAudited } from './write.ts';

/** Why an approved change can no longer be made as approved (the unit changed since it was submitted), or nothing. */
const misfit = (matter: Matter, org: OrgWithCounter | undefined): { message: string; messageZh: string } | undefined => {
  if (!org) return undefined;
  if (org.org.status !== 'active') return { message: 'the unit has been abolished meanwhile', messageZh: '单位已撤销' };
  const { change } = matter;
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
    const org = quota || rename || posts ? await registryRepo.requireOrg(matter.orgId) : undefined;
    // Checked on what is there now; the quota's move is conditioned on the quota read, so a cut racing this one is decided again.
    notFit = misfit(matter, org);
    if (notFit) return undefined;
    const today = todayInShanghai();
    const year = Number(today.slice(0, 4));
    const number = await issueNumber('committee', year, { kind: 'matter', id: matterId });
    // A rename is the registry's own rename event, under the document's number, on the unit's chain.
    const renamed =
      rename && org && org.org.status === 'active'
        ? recordEvent(org, { event: 'rename', name: change.name!, documentNumber: number.number, effectiveDate: today, reason: matter.title }, actor, {
            ...org.org,
            version: org.org.version + 1,
            name: change.name!,
          })
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
      applied: write !== undefined || renamed !== undefined || postWrite !== undefined,
      copies,
    };
    const after: Matter = { ...matter, status: 'issued', document: issued, implementation: { dueDate: implementationDue.dueDate, items } };
    return {
      items: {
        ...number.items,
        matter: matterPut(after, matter),
        ...(write?.items ?? {}),
        ...(renamed?.items ?? {}),
        ...(postWrite?.items ?? {}),
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
        ...(postWrite ? [postWrite.chain] : []),
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
