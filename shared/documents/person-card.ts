/**
 * 编制卡 of a person (SPEC: 人员编制使用申请表 → 核准使用编制通知单 → 人员进编审批表 → 编制卡): the
 * card that shows a person holds one slot of their unit, as issued on on-establishment. Drawn
 * from the roster record; its number is the card number given then. A person on the roll by
 * import or transfer has no card number, and one off the roll holds no slot: neither has a card.
 */
import { GENDER_LABELS, labelIn, QUOTA_TYPE_LABELS } from '../domain/labels.ts';
import type { Person } from '../schemas/registry.ts';
import { ISSUING_AUTHORITIES } from './office.ts';
import { chineseDate, type OfficialDocument } from './official-document.ts';
import { DocumentNotReadyError } from './record-text.ts';

export function personCardDocument(person: Person & { cardNumber?: string; planId?: string }, unitName: string, today: string): OfficialDocument {
  if (person.status !== 'onRoll') {
    throw new DocumentNotReadyError(`${person.personId} is not on the roll: a card shows a slot held`, '此人已不在编，没有编制卡', 'NOT_ON_ROLL');
  }
  // A card is its unit's: one carried over from a unit the person transferred out of is not this one's.
  if (!person.cardNumber || !person.cardNumber.startsWith(`BZK-${person.orgId}-`)) {
    throw new DocumentNotReadyError(
      `${person.personId} came onto the roll without a card (by import or transfer)`,
      '此人非经核准使用编制入编（导入或调入），未发编制卡',
      'NO_CARD',
    );
  }
  const office = ISSUING_AUTHORITIES.office;
  return {
    authorityMark: office.letterMark,
    documentNumber: person.cardNumber,
    title: '编制卡',
    body: [
      {
        kind: 'table',
        header: ['项目', '内容'],
        rows: [
          ['编制卡号', person.cardNumber],
          ['单位名称', unitName],
          ['姓名', person.name],
          ['性别', labelIn(GENDER_LABELS, person.gender, '')],
          ['编制类型', QUOTA_TYPE_LABELS[person.quotaType]],
          ['职务', person.post ?? ''],
          ['入编时间', chineseDate(person.onRollSince)],
        ],
        widths: [1, 3],
      },
      { kind: 'paragraph', text: `持卡人占用${unitName}${QUOTA_TYPE_LABELS[person.quotaType]}1名。人员调出、退休或减员时，本卡随之收回。` },
    ],
    signature: office.name,
    date: today,
  };
}
