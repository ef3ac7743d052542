/**
 * Every key string in one place, so no handler builds one by hand.
 */
export const keys = {
  user: (userId: string) => ({ pk: `USER#${userId}`, sk: 'USER' }),
  /** All users are listed through gsi1 (no Scan on a request path). */
  userIndex: (userId: string) => ({ gsi1pk: 'USERS', gsi1sk: userId }),
  usersIndexPk: 'USERS',
  jobRun: (scheduleId: string, scheduledTime: string) => ({ pk: `JOBRUN#${scheduleId}`, sk: scheduledTime }),
  auditEntry: (chain: string, at: string, id: string) => ({ pk: `CHAIN#${chain}`, sk: `${at}#${id}` }),
};
