/**
 * Supervision letters (督办函, R-SUP-1) as records. A letter is issued in one transaction with
 * its number (咸编办发), the block it puts on the unit's new plans and matters (read by the joint
 * pre-review), the mark on each overdue ledger item that takes it out of the deadline index (so
 * no item is written up twice), the unit's message and the entry on the unit's audit chain. Its
 * verification as rectified lifts the block in the same way.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../clock.ts';
import { config } from '../config.ts';
import {
  BLOCKING_LETTER_STATUSES,
  type LetterKind,
  type LetterStatus,
  letterBlockReason,
  letterBodyZh,
  lettersDue,
  RECTIFICATION_WORKING_DAYS,
} from '../domain/supervision/letters.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { forEachEntry } from '../jobs/scheduled-job.ts';
import type { LedgerItem } from '../schemas/matters.ts';
import type { SupervisionLetter } from '../schemas/supervision.ts';
import { ddb } from './ddb.ts';
import { dueDateAfter } from './holiday-calendars.ts';
import { keys, orgChain, recordOf } from './keys.ts';
import { mattersRepo } from './matters.ts';
import { notificationPut } from './notifications.ts';
import { issueNumber } from './numbering.ts';
import { queryAll, queryPage } from './query-all.ts';
import { registryRepo } from './registry.ts';
import { type Actor, type ChainWrite, type TransactItem, writeAudited } from './write.ts';

const table = () => config.tableName('matters');

export const newLetterId = () => `letter-${randomBytes(8).toString('hex')}`;

/** The letter's item, listed under its unit and under its status; a change is conditioned on the version it read. */
const letterPut = (letter: SupervisionLetter, before?: SupervisionLetter): TransactItem => ({
  Put: {
    TableName: table(),
    Item: {
      ...keys.letter(letter.letterId),
      ...keys.letterIndex(letter.orgId, letter.issuedOn, letter.letterId),
      ...keys.letterStatusIndex(letter.status, letter.rectifyBy, letter.letterId),
      ...letter,
      version: (before?.version ?? 0) + 1,
    },
    ...(before
      ? { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': before.version ?? 1 } }
      : { ConditionExpression: 'attribute_not_exists(pk)' }),
  },
});

export const lettersRepo = {
  async get(letterId: string): Promise<SupervisionLetter | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: keys.letter(letterId), ConsistentRead: true }));
    return out.Item ? recordOf<SupervisionLetter>(out.Item) : undefined;
  },

  async require(letterId: string): Promise<SupervisionLetter> {
    const l = await this.get(letterId);
    if (!l) throw new NotFoundError(`No supervision letter ${letterId}`, `没有督办函 ${letterId}`);
    return l;
  },

  /** A unit's letters, newest first. */
  async listByOrg(orgId: string, limit = 50, nextToken?: string) {
    return queryPage({ table: table(), index: 'gsi1', partition: keys.letterIndexPk(orgId) }, { limit, nextToken, newestFirst: true }, (i) =>
      recordOf<SupervisionLetter>(i),
    );
  },

  /** Letters in a status, soonest rectification date first. */
  async listByStatus(status: LetterStatus, limit = 50, nextToken?: string) {
    return queryPage({ table: table(), index: 'gsi2', partition: keys.letterStatusPk(status) }, { limit, nextToken }, (i) => recordOf<SupervisionLetter>(i));
  },
};

/** Open ledger items whose deadline is before `today`, from the deadline index (every page). */
export const overdueLedgerItems = async (today: string): Promise<LedgerItem[]> =>
  (
    await queryAll({
      TableName: table(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p AND gsi2sk < :today',
      ExpressionAttributeValues: { ':p': keys.ledgerDuePk, ':today': today },
    })
  ).map((i) => recordOf<LedgerItem>(i));

/**
 * Issues the letters due as of `today`: one per unit with items past their deadline. Safe to
 * run again: an item already in a letter is out of the index, and each item's move into a letter
 * is a condition of the letter's transaction.
 */
export const issueLettersDue = async (today: string, actor: Actor): Promise<{ issued: SupervisionLetter[]; failed: Record<string, string>[] }> => {
  const issued: SupervisionLetter[] = [];
  // One unit that fails is reported and the others still get their letters (it is tried again tomorrow).
  const run = await forEachEntry(
    async () => ({ items: lettersDue(await overdueLedgerItems(today), today) }),
    async (due) => {
      const letter = await issueLetter(due.orgId, due.items, today, actor);
      if (letter) issued.push(letter);
    },
    (due) => ({ orgId: due.orgId }),
  );
  return { issued, failed: run.failed };
};

const issueLetter = async (orgId: string, candidates: LedgerItem[], today: string, actor: Actor): Promise<SupervisionLetter | undefined> => {
  const letterId = newLetterId();
  let letter: SupervisionLetter | undefined;
  await writeAudited(async (attempt) => {
    // On a retry, only the items still open and not written up by another run.
    const fresh =
      attempt === 1
        ? candidates
        : (
            await Promise.all(
              candidates.map(async (c) => {
                const out = await ddb().send(new GetCommand({ TableName: table(), Key: keys.ledgerItem(c.matterId, c.item), ConsistentRead: true }));
                return out.Item ? recordOf<LedgerItem & { letterId?: string }>(out.Item) : undefined;
              }),
            )
          ).filter((i): i is LedgerItem => !!i && i.status === 'open' && !(i as { letterId?: string }).letterId);
    if (!fresh.length) {
      letter = undefined;
      return undefined;
    }
    const [org, titles] = await Promise.all([
      registryRepo.requireOrg(orgId),
      Promise.all([...new Set(fresh.map((i) => i.matterId))].map(async (id) => [id, (await mattersRepo.get(id))?.title] as const)),
    ]);
    const titleOf = new Map(titles);
    const items = fresh.map((i) => ({ matterId: i.matterId, matterTitle: titleOf.get(i.matterId), item: i.item, itemZh: i.itemZh, dueDate: i.dueDate }));
    const built = await letterWrite({ orgId, orgName: org.org.name, letterId, items, kind: 'overdue', today, actor });
    letter = built.letter;
    return {
      items: {
        ...built.items,
        ...Object.fromEntries(
          fresh.map((i) => [
            `item-${i.matterId}-${i.item}`,
            {
              Update: {
                TableName: table(),
                Key: keys.ledgerItem(i.matterId, i.item),
                // Out of the deadline index: the letter now watches it.
                UpdateExpression: 'SET letterId = :l REMOVE gsi2pk, gsi2sk',
                ConditionExpression: '#s = :open AND attribute_not_exists(letterId)',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':l': letterId, ':open': 'open' },
              },
            },
          ]),
        ),
      },
      chains: [built.chain],
      refuse: () => 'retry',
    };
  });
  return letter;
};

/**
 * A letter's part of a transaction: its number, the letter, the block on the unit, the unit's
 * message and the audit entry on the unit's chain. Overdue implementation items and the
 * findings of an inspection (清单式督办) are written up the same way.
 */
export const letterWrite = async (w: {
  orgId: string;
  orgName: string;
  letterId: string;
  items: SupervisionLetter['items'];
  kind: LetterKind;
  today: string;
  actor: Actor;
}): Promise<{ letter: SupervisionLetter; items: Record<string, TransactItem>; chain: ChainWrite }> => {
  const rectify = await dueDateAfter(w.today, { workingDays: RECTIFICATION_WORKING_DAYS });
  const number = await issueNumber('office', Number(w.today.slice(0, 4)), { kind: 'supervisionLetter', id: w.letterId });
  const letter: SupervisionLetter = {
    letterId: w.letterId,
    number: number.number,
    orgId: w.orgId,
    addresseeZh: w.orgName,
    issuedOn: w.today,
    rectifyBy: rectify.dueDate,
    ...(rectify.provisional ? { rectifyByProvisional: true } : {}),
    items: w.items,
    bodyZh: letterBodyZh(w.orgName, w.items, rectify.dueDate, w.kind),
    status: 'open',
    reports: [],
    verifications: [],
    issuedBy: w.actor.userId,
  };
  const block = letterBlockReason(letter.number, letter.rectifyBy);
  const what =
    w.kind === 'overdue' ? { en: 'implementation item(s) overdue', zh: '项落实事项逾期' } : { en: 'inspection finding(s)', zh: '项专项检查发现的问题' };
  return {
    letter,
    items: {
      ...number.items,
      letter: letterPut(letter),
      block: {
        Put: {
          TableName: config.tableName('registry'),
          Item: { ...keys.letterBlock(w.orgId, w.letterId), ...block, orgId: w.orgId, letterId: w.letterId },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      letterMessage: notificationPut(w.orgId, {
        kind: 'supervisionLetter',
        letterId: w.letterId,
        message: `Supervision letter ${letter.number}: ${w.items.length} ${what.en}, to be rectified by ${letter.rectifyBy}`,
        messageZh: `督办函 ${letter.number}：${w.items.length} ${what.zh}，请于 ${letter.rectifyBy} 前整改到位`,
      }),
    },
    chain: {
      audit: {
        chain: orgChain(w.orgId),
        actor: w.actor,
        entityType: 'supervisionLetter',
        entityId: w.letterId,
        action: 'issue',
        before: null,
        after: {
          number: letter.number,
          rectifyBy: letter.rectifyBy,
          items: w.items.map((i) => (i.matterId ? `${i.matterId}/${i.item}` : `${i.inspectionId}/${i.item}`)),
        },
      },
    },
  };
};

/** The unit reports its rectification, with evidence: the supervision section verifies it next. */
export const reportRectification = async (letterId: string, report: { note: string; evidence: string[] }, actor: Actor): Promise<SupervisionLetter> => {
  let after: SupervisionLetter | undefined;
  await writeAudited(async () => {
    const letter = await lettersRepo.require(letterId);
    if (letter.status !== 'open') {
      throw new ConflictError(
        `Letter ${letterId} is ${letter.status}: a rectification is reported on an open letter`,
        letter.status === 'reported' ? '整改情况已报送，正在核查' : '该督办函已整改销号',
        'LETTER_NOT_OPEN',
      );
    }
    const r = { ...report, by: actor.userId, at: nowIso() };
    after = { ...letter, status: 'reported', reports: [...letter.reports, r] };
    return {
      items: { letter: letterPut(after, letter) },
      chains: [
        {
          audit: {
            chain: orgChain(letter.orgId),
            actor,
            entityType: 'supervisionLetter',
            entityId: letterId,
            action: 'reportRectification',
            before: { status: letter.status },
            after: { status: 'reported', report: r },
          },
        },
      ],
      refuse: () => 'retry',
    };
  });
  return after!;
};

/**
 * The supervision section's verdict on a reported rectification: verified lifts the block on the
 * unit (the letter is closed, 销号); rejected sends the letter back to the unit with the reason.
 */
export const verifyRectification = async (
  letterId: string,
  verdict: { outcome: 'verified' | 'rejected'; opinion: string },
  actor: Actor,
): Promise<SupervisionLetter> => {
  let after: SupervisionLetter | undefined;
  await writeAudited(async () => {
    const letter = await lettersRepo.require(letterId);
    if (letter.status !== 'reported') {
      throw new ConflictError(
        `Letter ${letterId} is ${letter.status}: only a reported rectification is verified`,
        letter.status === 'open' ? '单位尚未报送整改情况' : '该督办函已整改销号',
        'LETTER_NOT_REPORTED',
      );
    }
    const v = { ...verdict, by: actor.userId, at: nowIso() };
    const status: LetterStatus = verdict.outcome === 'verified' ? 'rectified' : 'open';
    after = { ...letter, status, verifications: [...letter.verifications, v] };
    const lifts = !BLOCKING_LETTER_STATUSES.includes(status);
    return {
      items: {
        letter: letterPut(after, letter),
        ...(lifts
          ? {
              block: {
                // Unconditional: the block goes with the letter's verification, whatever became of it meanwhile.
                Delete: { TableName: config.tableName('registry'), Key: keys.letterBlock(letter.orgId, letterId) },
              },
            }
          : {}),
        message: notificationPut(letter.orgId, {
          kind: lifts ? 'supervisionLetterRectified' : 'supervisionLetterRejected',
          letterId,
          message: lifts
            ? `Supervision letter ${letter.number} is closed: the rectification was verified`
            : `The rectification of ${letter.number} was not accepted: ${verdict.opinion}`,
          messageZh: lifts ? `督办函 ${letter.number} 整改已核实，予以销号` : `督办函 ${letter.number} 整改未通过核查：${verdict.opinion}`,
        }),
      },
      chains: [
        {
          audit: {
            chain: orgChain(letter.orgId),
            actor,
            entityType: 'supervisionLetter',
            entityId: letterId,
            action: lifts ? 'verifyRectification' : 'rejectRectification',
            before: { status: letter.status },
            after: { status, verification: v },
          },
        },
      ],
      refuse: () => 'retry',
    };
  });
  return after!;
};
