/**
 * Problem-lead transfers (R-SUP-3) as records: each is one item with its form, its state, the
 * due date of its next step and the steps taken, listed under the body on the other side of the
 * office and, until fed back, by that due date for the daily reminders. Every change is one
 * transaction with its entry on the audit chain of the unit the lead concerns.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../clock.ts';
import { config } from '../config.ts';
import { type LeadParty, type LeadStatus, NEXT_STEP, OFFICE } from '../domain/supervision/lead-transfers.ts';
import { todayInShanghai } from '../domain/today.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { LeadTransfer } from '../schemas/supervision.ts';
import { ddb, isConditionFailure } from './ddb.ts';
import { dueDateAfter } from './holiday-calendars.ts';
import { type IdempotencyRef, idempotencyPut } from './idempotency.ts';
import { keys, orgChain, recordOf, type StoredItem } from './keys.ts';
import { queryAll, queryPage } from './query-all.ts';
import { type Actor, type AuditInput, type TransactItem, writeAudited } from './write.ts';

const table = () => config.tableName('matters');
type Stored = Omit<LeadTransfer, 'overdue'>;

export const newLeadId = () => `lead-${randomBytes(8).toString('hex')}`;

const present = (item: StoredItem, today = todayInShanghai()): LeadTransfer => {
  const l = recordOf<Stored>(item);
  return { ...l, overdue: !!l.due && l.due.dueDate < today };
};

/** The lead's item: listed under its body, and under its next due date while it has one. */
const leadPut = (l: Stored, before?: Stored): TransactItem => ({
  Put: {
    TableName: table(),
    Item: { ...keys.lead(l.leadId), ...keys.leadIndex(l.party, l.sentAt, l.leadId), ...(l.due ? keys.leadDueIndex(l.due.dueDate, l.leadId) : {}), ...l },
    // A step keeps the reminders as read: one the sweep added meanwhile sends the step round again.
    ...(before
      ? {
          ConditionExpression: '#s = :s AND size(reminders) = :n',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': before.status, ':n': before.reminders.length },
        }
      : { ConditionExpression: 'attribute_not_exists(pk)' }),
  },
});

const dueAfter = async (status: LeadStatus, today: string): Promise<Stored['due']> => {
  if (status === 'fedBack') return undefined;
  const next = NEXT_STEP[status];
  const d = await dueDateAfter(today, next.period);
  return { step: next.step, dueDate: d.dueDate, provisional: d.provisional };
};

export const leadsRepo = {
  async get(leadId: string): Promise<LeadTransfer | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: keys.lead(leadId), ConsistentRead: true }));
    return out.Item ? present(out.Item) : undefined;
  },

  async require(leadId: string): Promise<LeadTransfer> {
    const l = await this.get(leadId);
    if (!l) throw new NotFoundError(`No lead transfer ${leadId}`, `没有问题线索移送单 ${leadId}`);
    return l;
  },

  /** The transfers with one body, newest first. */
  async listByParty(party: LeadParty, limit = 50, nextToken?: string) {
    return queryPage({ table: table(), index: 'gsi1', partition: keys.leadIndexPk(party) }, { limit, nextToken, newestFirst: true }, (i) => present(i));
  },

  /** Transfers whose next step is due by `today` (every page): what the daily sweep reminds. */
  async dueBy(today: string): Promise<LeadTransfer[]> {
    const items = await queryAll({
      TableName: table(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p AND gsi2sk < :after',
      // `~` sorts after `#`: every due date up to and including today.
      ExpressionAttributeValues: { ':p': keys.leadDuePk, ':after': `${today}~` },
    });
    return items.map((i) => present(i, today));
  },
};

export interface LeadInput {
  to: string;
  orgId: string;
  title: string;
  problem: LeadTransfer['problem'];
  facts: string;
  evidence: string[];
  requested?: string;
}

/** A new lead's part of a transaction: its item and its audit entry (on the unit's chain). */
export const leadWrite = async (
  from: string,
  input: LeadInput,
  orgNameZh: string,
  actor: Actor,
): Promise<{ lead: Stored; item: TransactItem; audit: AuditInput }> => {
  const at = nowIso();
  const party = (from === OFFICE ? input.to : from) as LeadParty;
  const lead: Stored = {
    leadId: newLeadId(),
    from,
    to: input.to,
    party,
    orgId: input.orgId,
    orgNameZh,
    title: input.title,
    problem: input.problem,
    facts: input.facts,
    evidence: input.evidence,
    ...(input.requested ? { requested: input.requested } : {}),
    status: 'sent',
    sentBy: actor.userId,
    sentAt: at,
    due: await dueAfter('sent', todayInShanghai()),
    steps: [{ status: 'sent', by: actor.userId, at }],
    reminders: [],
  };
  return {
    lead,
    item: leadPut(lead),
    audit: {
      chain: orgChain(lead.orgId),
      actor,
      entityType: 'leadTransfer',
      entityId: lead.leadId,
      action: 'send',
      before: null,
      after: { from, to: lead.to, title: lead.title, problem: lead.problem, due: lead.due },
    },
  };
};

export const sendLead = async (from: string, input: LeadInput, orgNameZh: string, idem: IdempotencyRef, actor: Actor): Promise<LeadTransfer> => {
  const w = await leadWrite(from, input, orgNameZh, actor);
  await writeAudited(() => ({
    items: { lead: w.item, idempotency: idempotencyPut(idem, { leadId: w.lead.leadId }) },
    chains: [{ audit: w.audit }],
    refuse: (failed) =>
      'item' in failed && failed.item === 'idempotency'
        ? new ConflictError('A request with this Idempotency-Key is in progress', '相同幂等键的请求正在处理', 'IDEMPOTENCY_RACE')
        : 'retry',
  }));
  return { ...w.lead, overdue: false };
};

/** The receiving side takes the lead's next step (acknowledge, handle, feed back), with its note. */
export const takeLeadStep = async (leadId: string, step: 'acknowledge' | 'handle' | 'feedBack', note: string, actor: Actor): Promise<LeadTransfer> => {
  let after: Stored | undefined;
  await writeAudited(async () => {
    const current = await leadsRepo.require(leadId);
    const { overdue: _o, ...before } = current;
    const next = before.status === 'fedBack' ? undefined : NEXT_STEP[before.status];
    if (next?.step !== step) {
      throw new ConflictError(
        `Lead ${leadId} is ${before.status}: ${next ? `its next step is ${next.step}` : 'it is closed'}, not ${step}`,
        next ? `该移送单当前应${{ acknowledge: '签收', handle: '办理', feedBack: '反馈' }[next.step]}` : '该移送单已反馈办结',
        'LEAD_STEP_OUT_OF_ORDER',
      );
    }
    const at = nowIso();
    after = {
      ...before,
      status: next.to,
      due: await dueAfter(next.to, todayInShanghai()),
      steps: [...before.steps, { status: next.to, by: actor.userId, at, note }],
    };
    if (!after.due) delete after.due;
    return {
      items: { lead: leadPut(after, before) },
      chains: [
        {
          audit: {
            chain: orgChain(before.orgId),
            actor,
            entityType: 'leadTransfer',
            entityId: leadId,
            action: step,
            before: { status: before.status },
            after: { status: next.to, note, due: after.due },
          },
        },
      ],
      refuse: () => 'retry',
    };
  });
  return { ...after!, overdue: false };
};

/** Records today's reminder of a due or overdue step, once a day (a second run the same day adds none). */
export const remindLead = async (lead: LeadTransfer, today: string): Promise<boolean> => {
  if (!lead.due) return false;
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.lead(lead.leadId),
        UpdateExpression: 'SET reminders = list_append(reminders, :r), remindedOn = :today',
        ConditionExpression: '#s = :s AND (attribute_not_exists(remindedOn) OR remindedOn <> :today)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':r': [{ step: lead.due.step, on: today }], ':today': today, ':s': lead.status },
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
};
