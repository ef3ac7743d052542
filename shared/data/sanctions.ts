/**
 * Graded handling of poor rectification (R-SUP-6): the leadership suspends a unit's approvals
 * and records the interview of its head (约谈). The suspension is a block on the unit (read by
 * the joint pre-review of every plan and matter) that holds its own details; lifting it deletes
 * the block and keeps the suspension in the unit's history. Each is one transaction with the
 * unit's message and its audit entry.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../clock.ts';
import { config } from '../config.ts';
import { todayInShanghai } from '../domain/today.ts';
import { ConflictError, fieldIssue, NotFoundError, ValidationError } from '../errors.ts';
import type { Suspension } from '../schemas/supervision.ts';
import { ddb } from './ddb.ts';
import { keys, orgChain, recordOf } from './keys.ts';
import { notificationPut } from './notifications.ts';
import { registryRepo } from './registry.ts';
import { lettersRepo } from './supervision-letters.ts';
import { type Actor, writeAudited } from './write.ts';

const registry = () => config.tableName('registry');

/** The unit's suspension in force, if any (read consistently: a suspend or lift just made is seen). */
export const activeSuspension = async (orgId: string): Promise<Suspension | undefined> => {
  const out = await ddb().send(new GetCommand({ TableName: registry(), Key: keys.suspensionBlock(orgId), ConsistentRead: true }));
  return (out.Item as { suspension?: Suspension } | undefined)?.suspension;
};

/** The unit's lifted suspensions, newest first. */
export const pastSuspensions = async (orgId: string): Promise<Suspension[]> => {
  const out = await ddb().send(
    new QueryCommand({
      TableName: registry(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':pk': keys.org(orgId).pk, ':s': keys.suspensionHistoryPrefix },
      ScanIndexForward: false,
      Limit: 50,
    }),
  );
  return (out.Items ?? []).map((i) => recordOf<Suspension>(i));
};

export const suspendApprovals = async (
  orgId: string,
  input: { letterId: string; reason: string; interview: Suspension['interview'] },
  actor: Actor,
): Promise<Suspension> => {
  let suspension: Suspension | undefined;
  await writeAudited(async () => {
    const [, letter, current] = await Promise.all([registryRepo.requireOrg(orgId), lettersRepo.get(input.letterId), activeSuspension(orgId)]);
    if (current) {
      throw new ConflictError(`The approvals of ${orgId} are suspended already (since ${current.suspendedAt})`, '该单位已暂停审批', 'SUSPENDED_ALREADY');
    }
    const today = todayInShanghai();
    const poor =
      letter &&
      letter.orgId === orgId &&
      letter.status !== 'rectified' &&
      (letter.rectifyBy < today || letter.verifications.some((v) => v.outcome === 'rejected'));
    if (!poor) {
      throw new ValidationError([
        fieldIssue(
          'body.letterId',
          'notPoorRectification',
          'name a supervision letter of this unit that is past its rectification date unrectified, or whose rectification was found wanting',
          '请选择该单位逾期未整改或整改未通过核查的督办函',
        ),
      ]);
    }
    suspension = {
      orgId,
      letterId: letter.letterId,
      letterNumber: letter.number,
      reason: input.reason,
      interview: input.interview,
      status: 'active',
      suspendedBy: actor.userId,
      suspendedAt: nowIso(),
    };
    return {
      items: {
        block: {
          Put: {
            TableName: registry(),
            Item: {
              ...keys.suspensionBlock(orgId),
              orgId,
              kind: 'suspension',
              // The details; the reason beside them is what pre-review says.
              suspension,
              suspendedAt: suspension.suspendedAt,
              reason: `approvals suspended for poor rectification of ${letter.number}`,
              reasonZh: `因督办函 ${letter.number} 整改不力，暂停受理该单位机构编制事项和用编计划`,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        message: notificationPut(orgId, {
          kind: 'approvalsSuspended',
          letterId: letter.letterId,
          message: `Approvals suspended for poor rectification of ${letter.number}; your head is to be interviewed on ${input.interview.date}`,
          messageZh: `因督办函 ${letter.number} 整改不力，暂停受理你单位机构编制事项和用编计划，并于 ${input.interview.date} 约谈单位负责人`,
        }),
      },
      chains: [
        {
          audit: {
            chain: orgChain(orgId),
            actor,
            entityType: 'suspension',
            entityId: orgId,
            action: 'suspend',
            before: null,
            after: suspension,
          },
        },
      ],
      refuse: (failed) =>
        'item' in failed && failed.item === 'block'
          ? new ConflictError(`The approvals of ${orgId} are suspended already`, '该单位已暂停审批', 'SUSPENDED_ALREADY')
          : 'retry',
    };
  });
  return suspension!;
};

export const liftSuspension = async (orgId: string, reason: string, actor: Actor): Promise<Suspension> => {
  let lifted: Suspension | undefined;
  await writeAudited(async () => {
    const current = await activeSuspension(orgId);
    if (!current) {
      if (!(await registryRepo.getOrg(orgId))) throw new NotFoundError(`No organization ${orgId}`, `没有单位 ${orgId}`);
      throw new ConflictError(`The approvals of ${orgId} are not suspended`, '该单位未被暂停审批', 'NOT_SUSPENDED');
    }
    lifted = { ...current, status: 'lifted', liftedBy: actor.userId, liftedAt: nowIso(), liftReason: reason };
    return {
      items: {
        block: {
          Delete: {
            TableName: registry(),
            Key: keys.suspensionBlock(orgId),
            ConditionExpression: 'suspendedAt = :at',
            ExpressionAttributeValues: { ':at': current.suspendedAt },
          },
        },
        history: {
          Put: {
            TableName: registry(),
            Item: { ...keys.suspensionHistory(orgId, current.suspendedAt), ...lifted },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        message: notificationPut(orgId, {
          kind: 'suspensionLifted',
          message: `Approvals resumed: ${reason}`,
          messageZh: `已恢复受理你单位机构编制事项和用编计划：${reason}`,
        }),
      },
      chains: [
        {
          audit: {
            chain: orgChain(orgId),
            actor,
            entityType: 'suspension',
            entityId: orgId,
            action: 'lift',
            before: { status: 'active' },
            after: { status: 'lifted', reason },
          },
        },
      ],
      refuse: () => 'retry',
    };
  });
  return lifted!;
};
