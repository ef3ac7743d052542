/**
 * Notification letters (告知函, R-SUP-2): a municipal department's new principal head is told the
 * core rules of establishment work within one calendar month of taking office. Pure rules; the
 * letter is created with the registry's change of head (shared/data/org-lifecycle.ts) and
 * delivered through shared/data/notification-letters.ts.
 */

export const NOTIFICATION_LETTER_STATUSES = ['pending', 'delivered'] as const;
export type NotificationLetterStatus = (typeof NOTIFICATION_LETTER_STATUSES)[number];

export const DELIVERY_METHODS = ['inPerson', 'post', 'electronic'] as const;

/** Who gets one: the head of a municipal department (a unit with no parent). */
export const needsNotificationLetter = (org: { parentId?: string; status?: string }): boolean => !org.parentId && org.status !== 'abolished';

/**
 * One calendar month after taking office: the same day of the next month, or that month's last
 * day when it has no such day (31 January → 28 or 29 February).
 */
export const notificationLetterDue = (since: string): string => {
  const [y, m, d] = since.split('-').map(Number) as [number, number, number];
  const year = m === 12 ? y + 1 : y;
  const month = m === 12 ? 1 : m + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
};

/** The letter's body: the core rules a new head must keep. */
export const notificationLetterBodyZh = (orgName: string, headName: string): string =>
  [
    `${headName}同志：`,
    `您已任${orgName}主要负责人。根据《中国共产党机构编制工作条例》，现将机构编制工作有关要求告知如下：`,
    '1. 严格执行机构编制管理规定，不得擅自设立、撤并机构或者变更机构名称、规格、性质、职责权限。',
    '2. 严格在核定的编制和领导职数内配备人员，不得超编进人、超职数配备领导干部。',
    '3. 机构编制事项须报经市委机构编制委员会审批，不得越权审批或变相增加机构编制。',
    '4. 按规定报送机构编制执行情况，接受机构编制监督检查，对发现的问题及时整改。',
    '请认真履行机构编制工作主体责任。',
  ].join('\n');
