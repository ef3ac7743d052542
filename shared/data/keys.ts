/**
 * Every key string in one place, so no handler builds one by hand.
 */
export const keys = {
  user: (userId: string) => ({ pk: `USER#${userId}`, sk: 'USER' }),
  /** All users are listed through gsi1 (no Scan on a request path). */
  userIndex: (userId: string) => ({ gsi1pk: 'USERS', gsi1sk: userId }),
  usersIndexPk: 'USERS',
  jobRun: (scheduleId: string, scheduledTime: string) => ({ pk: `JOBRUN#${scheduleId}`, sk: scheduledTime }),
  auditChainPk: (chain: string) => `CHAIN#${chain}`,
  chainHead: (chain: string) => ({ pk: `HEAD#${chain}`, sk: 'HEAD' }),
  /** Every chain head (counter items and head items) is listed in gsi1 under this key. */
  chainHeadsIndexPk: 'CHAINHEADS',
  checkpoint: (day: string) => ({ pk: 'CHECKPOINT', sk: day }),
  checkpointsPk: 'CHECKPOINT',
  /** Read by the health check: any key works, this one never holds data. */
  healthProbe: { pk: 'HEALTH', sk: 'HEALTH' },
  /** The embedded host's marker that the demo city was (or is being) loaded. */
  demoCity: { pk: 'DEMO#city', sk: 'DEMO' },
  /** The heads a checkpoint sealed, in parts (an item holds at most 400 KB). */
  checkpointPart: (day: string, part: number) => ({ pk: `CHECKPOINT#${day}`, sk: `PART#${String(part).padStart(4, '0')}` }),
  checkpointPartsPk: (day: string) => `CHECKPOINT#${day}`,
  org: (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'ORG' }),
  orgCounter: (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'COUNTER' }),
  orgHistory: (orgId: string, effectiveDate: string, seq: string) => ({ pk: `ORG#${orgId}`, sk: `HIST#${effectiveDate}#${seq}` }),
  orgHistoryPrefix: 'HIST#',
  /** Clerical corrections sort before the business history (CORR# < HIST#), apart from it. */
  orgCorrection: (orgId: string, at: string, suffix: string) => ({ pk: `ORG#${orgId}`, sk: `CORR#${at}#${suffix}` }),
  orgCorrectionPrefix: 'CORR#',
  /** Organizations are listed by hierarchy path in gsi1, so a subtree is one Query. */
  orgIndex: (path: string) => ({ gsi1pk: 'ORGS', gsi1sk: path }),
  orgsIndexPk: 'ORGS',
  usccClaim: (uscc: string) => ({ pk: `USCC#${uscc}`, sk: 'USCC' }),
  plan: (planId: string) => ({ pk: `PLAN#${planId}`, sk: 'PLAN' }),
  /** A unit's plans, newest first, in gsi1. */
  planIndex: (orgId: string, submittedAt: string) => ({ gsi1pk: `ORGPLANS#${orgId}`, gsi1sk: submittedAt }),
  planIndexPk: (orgId: string) => `ORGPLANS#${orgId}`,
  task: (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' }),
  /** Open approval tasks of a section, by due date, in gsi1. */
  taskIndex: (sectionId: string, dueAt: string, taskId: string) => ({ gsi1pk: `SECTIONTASKS#${sectionId}`, gsi1sk: `${dueAt}#${taskId}` }),
  taskIndexPk: (sectionId: string) => `SECTIONTASKS#${sectionId}`,
  /** A reply kept for an Idempotency-Key, per function and user (all functions share one process locally). */
  idempotency: (scope: string, userId: string, key: string) => ({ pk: `IDEM#${scope}#${userId}#${key}`, sk: 'IDEM' }),
  /** Reservations waiting to lapse, by the last day their notice is valid (a queue, read by the daily job). */
  lapseQueue: (validUntil: string, planId: string) => ({ pk: 'LAPSEQUEUE', sk: `${validUntil}#${planId}` }),
  lapseQueuePk: 'LAPSEQUEUE',
  /** Messages to a unit (a reservation lapsed…), newest first. */
  notification: (orgId: string, at: string, id: string) => ({ pk: `INBOX#${orgId}`, sk: `${at}#${id}` }),
  notificationPk: (orgId: string) => `INBOX#${orgId}`,
  /** A per-year counter of approval notice numbers (gapless, never duplicated). */
  noticeCounter: (year: number) => ({ pk: `COUNTER#notice#${year}`, sk: 'COUNTER' }),
  /** A record that blocks a unit's new matters and plans (open supervision letter, unrectified problem, suspension). */
  blockPrefix: 'BLOCK#',
  person: (personId: string) => ({ pk: `PERSON#${personId}`, sk: 'PERSON' }),
  rosterIndex: (orgId: string, personId: string) => ({ gsi2pk: `ROSTER#${orgId}`, gsi2sk: personId }),
  rosterIndexPk: (orgId: string) => `ROSTER#${orgId}`,
};
