/**
 * The forms a clerk prints (R-USE-2): 人员进编审批表, 编制卡 and 减员通知. Each is its title and
 * its lines in print order, labels and values in Chinese, next to the same facts as codes for
 * programs that read them. Pure: the callers pass what they have already read.
 */
import { GENDER_LABELS, labelIn, OFFBOARD_REASON_LABELS, PLAN_CHANNEL_LABELS, QUOTA_TYPE_LABELS } from './labels.ts';
import type { QuotaType } from './registry/rules.ts';

export interface FormLine {
  label: string;
  value: string;
}

const line = (label: string, value: string | undefined): FormLine => ({ label, value: value ?? '' });

export interface IntakeFacts {
  orgId: string;
  orgName: string;
  notice?: string;
  channel: string;
  quotaType: QuotaType;
  name: string;
  gender: 'male' | 'female';
  post?: string;
  onRollSince: string;
}

/** 人员进编审批表: who comes onto which unit's roll, on which approval notice. */
export const intakeApproval = (f: IntakeFacts) => ({
  title: '人员进编审批表' as const,
  lines: [
    line('单位名称', f.orgName),
    line('单位代码', f.orgId),
    line('姓名', f.name),
    line('性别', GENDER_LABELS[f.gender]),
    line('编制类型', QUOTA_TYPE_LABELS[f.quotaType]),
    line('岗位', f.post),
    line('进人渠道', labelIn(PLAN_CHANNEL_LABELS, f.channel, '其他')),
    line('核准使用编制通知单', f.notice),
    line('入编时间', f.onRollSince),
  ],
  orgId: f.orgId,
  orgName: f.orgName,
  notice: f.notice,
  quotaType: f.quotaType,
  name: f.name,
  onRollSince: f.onRollSince,
});

/** 编制卡: the card that shows a person holds one slot of the unit. */
export const establishmentCard = (f: { cardNumber: string; orgName: string; quotaType: QuotaType; name: string; onRollSince: string }) => ({
  title: '编制卡' as const,
  lines: [
    line('编制卡号', f.cardNumber),
    line('单位名称', f.orgName),
    line('姓名', f.name),
    line('编制类型', QUOTA_TYPE_LABELS[f.quotaType]),
    line('入编时间', f.onRollSince),
  ],
  cardNumber: f.cardNumber,
  orgName: f.orgName,
  quotaType: f.quotaType,
  name: f.name,
});

/** 减员通知: a person left the roll, and why; the slot is free from that day. */
export const reductionNotice = (f: {
  orgId: string;
  orgName: string;
  name: string;
  quotaType: QuotaType;
  reason: string;
  date: string;
  documentNumber?: string;
}) => ({
  title: '减员通知' as const,
  lines: [
    line('单位名称', f.orgName),
    line('单位代码', f.orgId),
    line('姓名', f.name),
    line('编制类型', QUOTA_TYPE_LABELS[f.quotaType]),
    line('减员原因', labelIn(OFFBOARD_REASON_LABELS, f.reason)),
    line('减员时间', f.date),
    line('文号', f.documentNumber),
  ],
  orgId: f.orgId,
  orgName: f.orgName,
  name: f.name,
  quotaType: f.quotaType,
  reason: f.reason,
  date: f.date,
  documentNumber: f.documentNumber,
});
