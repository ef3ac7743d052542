/**
 * 组织人事: "may this post be filled for this person now?" (R-EXT-1), answered yes or no with every
 * reason, from the unit's counters and the person's roster record as they are. Recruiting into
 * the establishment needs a slot an approved staffing-use plan reserved (核准未入编): a vacancy
 * alone is not enough, since the plan is what approves its use. A leadership post needs a vacant
 * post of its grade and track, held by someone already on the unit's roll.
 */

import { POST_GRADE_LABELS, POST_TRACK_LABELS, QUOTA_TYPE_LABELS } from '../labels.ts';
import type { Establishment, PostGrade, PostTrack } from '../registry/establishment.ts';
import { checkQuotaTypeForKind, type OrganizationKind, type QuotaType } from '../registry/rules.ts';

export interface AppointmentAsk {
  /** Recruiting (or taking on) into a slot of this type. */
  quotaType?: QuotaType;
  /** Appointing to a leadership post of this grade and track. */
  grade?: PostGrade;
  track?: PostTrack;
}

export interface Reason {
  code: string;
  message: string;
  messageZh: string;
}

export interface AppointmentAnswer {
  allowed: boolean;
  reasons: Reason[];
}

export const appointmentCheck = (
  unit: {
    kind: OrganizationKind;
    civilServiceManaged: boolean;
    status: string;
    counter: Pick<Establishment, 'quota' | 'onRoll' | 'reserved' | 'vacancy'> & Partial<Establishment>;
  },
  ask: AppointmentAsk,
  person: { status: 'onRoll' | 'offRoll'; orgId: string; orgName?: string; postGrade?: string; postTrack?: string } | undefined,
  orgId: string,
  /** A national ID was given that no roster lists. */
  unknownPerson = false,
): AppointmentAnswer => {
  const reasons: Reason[] = [];
  if (unit.status !== 'active') reasons.push({ code: 'abolished', message: 'the unit has been abolished', messageZh: '单位已撤销' });
  if (ask.quotaType) {
    const t = ask.quotaType;
    const allowed = checkQuotaTypeForKind(t, unit.kind, unit.civilServiceManaged, 'body.quotaType');
    if (!allowed.ok) reasons.push({ code: 'quotaTypeNotForKind', message: allowed.issue.message, messageZh: allowed.issue.messageZh });
    else {
      const { quota, onRoll, reserved, vacancy } = unit.counter;
      const figures = `${QUOTA_TYPE_LABELS[t]}核定 ${quota[t]} 名，在编 ${onRoll[t]} 名，核准未入编 ${reserved[t]} 名`;
      if (reserved[t] < 1) {
        reasons.push(
          vacancy[t] > 0
            ? {
                code: 'noApprovedPlan',
                message: `no approved staffing-use plan reserves a ${t} slot: ${vacancy[t]} vacant, to be used through a plan first`,
                messageZh: `${figures}，空编 ${vacancy[t]} 名，但没有核准使用的编制：须先报用编计划`,
              }
            : {
                code: 'overQuota',
                message: `no ${t} slot is free: quota ${quota[t]}, on the roll ${onRoll[t]}, reserved ${reserved[t]}`,
                messageZh: `${figures}，无空编，不得进人`,
              },
        );
      }
      if (person?.status === 'onRoll') {
        reasons.push(
          person.orgId === orgId
            ? { code: 'alreadyOnRoll', message: 'the person is already on the roll of this unit', messageZh: '此人已在本单位在编' }
            : {
                code: 'onRollElsewhere',
                message: `the person is on the roll of ${person.orgId}: a transfer is needed, not a new intake`,
                messageZh: `此人在${person.orgName ?? person.orgId}在编，应办理调动而非新进人员`,
              },
        );
      }
    }
  }
  if (ask.grade && ask.track) {
    const { grade, track } = ask;
    const q = unit.counter.postQuota?.[grade]?.[track] ?? 0;
    const used = unit.counter.postUsed?.[grade]?.[track] ?? 0;
    const vacant = unit.counter.postVacancy?.[grade]?.[track] ?? 0;
    const post = `${POST_GRADE_LABELS[grade]}${POST_TRACK_LABELS[track]}`;
    if (vacant < 1) {
      reasons.push({
        code: 'overPostQuota',
        message: `no ${grade} ${track} post is vacant: quota ${q}, filled ${used}`,
        messageZh: `${post}核定职数 ${q} 名，已配备 ${used} 名，无空缺职数，不得超职数配备`,
      });
    }
    if (unknownPerson || (person && (person.status !== 'onRoll' || person.orgId !== orgId))) {
      reasons.push({ code: 'notOnRoll', message: 'a post is filled from the unit’s own roll', messageZh: '此人不在本单位在编人员中，不能任职' });
    } else if (person?.postGrade === grade && person.postTrack === track) {
      reasons.push({ code: 'samePost', message: 'the person already holds this post', messageZh: `此人已任${post}` });
    }
  }
  return { allowed: reasons.length === 0, reasons };
};
