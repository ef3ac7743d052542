/** An item as DynamoDB returns it: key attributes and the record's own, of any shape. */
export type StoredItem = Record<string, unknown>;

/** The record an item holds: the item less its table and index keys. */
export const recordOf = <T>(item: StoredItem): T => {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, gsi2pk: _e, gsi2sk: _f, ...rest } = item;
  return rest as T;
};

/** Which audit chain a change joins: one per organization, per matter or plan, and the office's. */
export type ChainRef = { kind: 'office' } | { kind: 'org'; orgId: string } | { kind: 'matter' | 'plan'; id: string };

/** The audit chain of an organization. */
export const orgChain = (orgId: string) => ({ kind: 'org' as const, orgId });

export const chainName = (c: ChainRef): string => (c.kind === 'office' ? 'office' : c.kind === 'org' ? `org#${c.orgId}` : `${c.kind}#${c.id}`);

/** One task per plan revision, section and position: a redelivered step finds its task again. */
export const taskIdFor = (planId: string, revision: number, index: number) => `task-${planId.slice(5)}r${revision}i${index}`;

/** The stages of a matter that are human steps, each with the letter its task ids carry. */
export const MATTER_TASK_STEPS = { proposal: 'p', coOpinion: 'c', assessment: 'a', deliberation: 'd', copyReceipt: 'k' } as const;
export type MatterTaskStep = keyof typeof MATTER_TASK_STEPS;

/** One task per matter, round (a return starts a new one), step and position. */
export const matterTaskId = (matterId: string, round: number, step: MatterTaskStep, index: number) =>
  `task-m${matterId.slice(7)}r${round}${MATTER_TASK_STEPS[step]}${index}`;

/** The plan or matter a task belongs to, from its id alone (a route reads the chain head with it). */
export const subjectOfTask = (taskId: string): string | undefined => {
  const plan = /^task-([0-9a-f]+)r\d+i\d+$/.exec(taskId);
  if (plan) return `plan-${plan[1]}`;
  const matter = /^task-m([0-9a-f]{16})r\d+[pcadk]\d+$/.exec(taskId);
  return matter ? `matter-${matter[1]}` : undefined;
};

/** The audit chain of a plan or matter, by its id. */
export const chainOfSubject = (subjectId: string): ChainRef =>
  subjectId.startsWith('matter-') ? { kind: 'matter', id: subjectId } : { kind: 'plan', id: subjectId };

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
  /** The nightly reconciliation's report of a day (Beijing date). */
  reconciliationReport: (day: string) => ({ pk: 'RECONCILIATION', sk: day }),
  reconciliationReportsPk: 'RECONCILIATION',
  /** A year's holiday calendar as an office admin stored it (it replaces a built-in year). */
  holidayCalendar: (year: number) => ({ pk: `CALENDAR#${year}`, sk: 'CALENDAR' }),
  /** Read by the health check: any key works, this one never holds data. */
  healthProbe: { pk: 'HEALTH', sk: 'HEALTH' },
  /** The embedded host's marker that the demo city was (or is being) loaded. */
  demoCity: { pk: 'DEMO#city', sk: 'DEMO' },
  /** The heads a checkpoint run sealed, in parts (an item holds at most 400 KB); the day's summary names its run. */
  checkpointPart: (day: string, runId: string, part: number) => ({ pk: `CHECKPOINT#${day}`, sk: `PART#${runId}#${String(part).padStart(4, '0')}` }),
  checkpointPartsPk: (day: string) => `CHECKPOINT#${day}`,
  checkpointPartsPrefix: (runId: string | undefined) => (runId ? `PART#${runId}#` : 'PART#'),
  org: (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'ORG' }),
  orgCounter: (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'COUNTER' }),
  orgHistory: (orgId: string, effectiveDate: string, seq: string) => ({ pk: `ORG#${orgId}`, sk: `HIST#${effectiveDate}#${seq}` }),
  orgHistoryPrefix: 'HIST#',
  /** Clerical corrections sort before the business history (CORR# < HIST#), apart from it. */
  orgCorrection: (orgId: string, at: string, suffix: string) => ({ pk: `ORG#${orgId}`, sk: `CORR#${at}#${suffix}` }),
  orgCorrectionPrefix: 'CORR#',
  /**
   * Organizations are listed by hierarchy path in gsi1, so a subtree is one Query. The path ends
   * with its separator, so the subtree of `/edu` (prefix `/edu/`) never takes in `/edu-tech`.
   */
  orgIndex: (path: string) => ({ gsi1pk: 'ORGS', gsi1sk: `${path}/` }),
  orgsIndexPk: 'ORGS',
  usccClaim: (uscc: string) => ({ pk: `USCC#${uscc}`, sk: 'USCC' }),
  plan: (planId: string) => ({ pk: `PLAN#${planId}`, sk: 'PLAN' }),
  /** A unit's plans, newest first, in gsi1. */
  planIndex: (orgId: string, submittedAt: string) => ({ gsi1pk: `ORGPLANS#${orgId}`, gsi1sk: submittedAt }),
  planIndexPk: (orgId: string) => `ORGPLANS#${orgId}`,
  /** Plans whose workflow should be running, by when it was (re)started, in gsi2: the workflow sweep's list. */
  openPlanIndex: (revisedAt: string, planId: string) => ({ gsi2pk: 'OPENPLANS', gsi2sk: `${revisedAt}#${planId}` }),
  openPlansPk: 'OPENPLANS',
  /** The office's matter catalog (types, business areas, initiating situations): one item, versioned. */
  matterCatalog: { pk: 'CONFIG#matterCatalog', sk: 'CONFIG' },
  matter: (matterId: string) => ({ pk: `MATTER#${matterId}`, sk: 'MATTER' }),
  /** A unit's matters, newest first, in gsi1. */
  matterIndex: (orgId: string, submittedAt: string) => ({ gsi1pk: `ORGMATTERS#${orgId}`, gsi1sk: submittedAt }),
  matterIndexPk: (orgId: string) => `ORGMATTERS#${orgId}`,
  /** An implementation item of an issued matter, in the supervision ledger (R-MAT-6). */
  ledgerItem: (matterId: string, item: string) => ({ pk: `LEDGER#${matterId}`, sk: item }),
  ledgerPk: (matterId: string) => `LEDGER#${matterId}`,
  /** Open ledger items by deadline, in gsi2: what the scheduled jobs watch for lapses. */
  ledgerDueIndex: (dueDate: string, matterId: string, item: string) => ({ gsi2pk: 'LEDGERDUE', gsi2sk: `${dueDate}#${matterId}#${item}` }),
  ledgerDuePk: 'LEDGERDUE',
  /** Matters whose workflow should be running, by when it was (re)started, in gsi2: the workflow sweep's list. */
  openMatterIndex: (startedAt: string, matterId: string) => ({ gsi2pk: 'OPENMATTERS', gsi2sk: `${startedAt}#${matterId}` }),
  openMattersPk: 'OPENMATTERS',
  task: (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' }),
  /** Open tasks of a holder (a section, or `leadership`), by due date, in gsi1: the inbox. */
  taskIndex: (holder: string, dueAt: string, taskId: string) => ({ gsi1pk: `SECTIONTASKS#${holder}`, gsi1sk: `${dueAt}#${taskId}` }),
  taskIndexPk: (holder: string) => `SECTIONTASKS#${holder}`,
  /** Decisions recorded whose workflow has not confirmed them yet, by time, in gsi2: sent again by the sweep. */
  undeliveredIndex: (decidedAt: string, taskId: string) => ({ gsi2pk: 'UNDELIVERED', gsi2sk: `${decidedAt}#${taskId}` }),
  undeliveredPk: 'UNDELIVERED',
  /** A transfer between units asked by the receiving side, released by the sending side. */
  transfer: (transferId: string) => ({ pk: `TRANSFER#${transferId}`, sk: 'TRANSFER' }),
  transferInIndex: (toOrgId: string, at: string) => ({ gsi1pk: `TRANSFERSIN#${toOrgId}`, gsi1sk: at }),
  transferInPk: (orgId: string) => `TRANSFERSIN#${orgId}`,
  transferOutIndex: (fromOrgId: string, at: string) => ({ gsi2pk: `TRANSFERSOUT#${fromOrgId}`, gsi2sk: at }),
  transferOutPk: (orgId: string) => `TRANSFERSOUT#${orgId}`,
  /** A reply kept for an Idempotency-Key, per function and user (all functions share one process locally). */
  idempotency: (scope: string, userId: string, key: string) => ({ pk: `IDEM#${scope}#${userId}#${key}`, sk: 'IDEM' }),
  /** Reservations waiting to lapse, by the last day their notice is valid (a queue, read by the daily job). */
  lapseQueue: (validUntil: string, planId: string) => ({ pk: 'LAPSEQUEUE', sk: `${validUntil}#${planId}` }),
  lapseQueuePk: 'LAPSEQUEUE',
  /** Messages to a unit (a reservation lapsed…), newest first. */
  notification: (orgId: string, at: string, id: string) => ({ pk: `INBOX#${orgId}`, sk: `${at}#${id}` }),
  notificationPk: (orgId: string) => `INBOX#${orgId}`,
  /** A per-year counter of one series of document numbers (gapless, never duplicated). */
  numberCounter: (series: string, year: number) => ({ pk: `COUNTER#${series}#${year}`, sk: 'COUNTER' }),
  /** One item per number issued: a number is taken once, whatever a counter says. */
  documentNumber: (form: string, year: number, n: number) => ({ pk: `DOCNO#${form}#${year}`, sk: String(n).padStart(6, '0') }),
  /** A record that blocks a unit's new matters and plans (open supervision letter, unrectified problem, suspension). */
  blockPrefix: 'BLOCK#',
  /** The block an open supervision letter puts on its unit, until its rectification is verified. */
  letterBlock: (orgId: string, letterId: string) => ({ pk: `ORG#${orgId}`, sk: `BLOCK#openLetter#${letterId}` }),
  /** The suspension of a unit's approvals (R-SUP-6), while in force; one at a time. */
  suspensionBlock: (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'BLOCK#suspension' }),
  /** A lifted suspension, kept in the unit's history. */
  suspensionHistory: (orgId: string, suspendedAt: string) => ({ pk: `ORG#${orgId}`, sk: `SUSPENDED#${suspendedAt}` }),
  suspensionHistoryPrefix: 'SUSPENDED#',
  /** A notification letter (告知函) to a unit's new principal head, kept with the unit. */
  notificationLetter: (orgId: string, noticeId: string) => ({ pk: `ORG#${orgId}`, sk: `NLETTER#${noticeId}` }),
  notificationLetterPrefix: 'NLETTER#',
  /** Notification letters by status, by due date, in the registry's gsi2: the supervision section's list and the overdue watch. */
  notificationLetterIndex: (status: string, dueDate: string, noticeId: string) => ({ gsi2pk: `NLETTERS#${status}`, gsi2sk: `${dueDate}#${noticeId}` }),
  notificationLetterIndexPk: (status: string) => `NLETTERS#${status}`,
  /** An open warning of a unit (R-SUP-4), one per code; listed office-wide in the registry's gsi2 by when it was raised. */
  warning: (orgId: string, code: string) => ({ pk: `ORG#${orgId}`, sk: `WARN#${code}` }),
  warningPrefix: 'WARN#',
  warningIndex: (raisedAt: string, orgId: string, code: string) => ({ gsi2pk: 'WARNINGS', gsi2sk: `${raisedAt}#${orgId}#${code}` }),
  warningIndexPk: 'WARNINGS',
  /** A closed warning, kept in the unit's history. */
  closedWarning: (orgId: string, closedAt: string, code: string) => ({ pk: `ORG#${orgId}`, sk: `WARNHIST#${closedAt}#${code}` }),
  closedWarningPrefix: 'WARNHIST#',
  /** A problem-lead transfer (移送单). */
  lead: (leadId: string) => ({ pk: `LEAD#${leadId}`, sk: 'LEAD' }),
  /** Transfers with one body (either way), newest first, in gsi1: the body's list. */
  leadIndex: (party: string, sentAt: string, leadId: string) => ({ gsi1pk: `LEADS#${party}`, gsi1sk: `${sentAt}#${leadId}` }),
  leadIndexPk: (party: string) => `LEADS#${party}`,
  /** Transfers not fed back yet, by their next step's due date, in gsi2: the daily reminders. */
  leadDueIndex: (dueDate: string, leadId: string) => ({ gsi2pk: 'LEADDUE', gsi2sk: `${dueDate}#${leadId}` }),
  leadDuePk: 'LEADDUE',
  /** A year's draw of units for the annual special inspection (its seed, method and sample). */
  inspectionDraw: (year: number) => ({ pk: `DRAW#${year}`, sk: 'DRAW' }),
  /** One unit's inspection of a year; listed per year in gsi1 and per unit in gsi2. */
  inspection: (inspectionId: string) => ({ pk: `INSPECTION#${inspectionId}`, sk: 'INSPECTION' }),
  inspectionYearIndex: (year: number, orgId: string) => ({ gsi1pk: `INSPECTIONS#${year}`, gsi1sk: orgId }),
  inspectionYearPk: (year: number) => `INSPECTIONS#${year}`,
  inspectionOrgIndex: (orgId: string, year: number) => ({ gsi2pk: `ORGINSPECTIONS#${orgId}`, gsi2sk: String(year) }),
  inspectionOrgPk: (orgId: string) => `ORGINSPECTIONS#${orgId}`,
  /** A supervision letter (督办函). */
  letter: (letterId: string) => ({ pk: `LETTER#${letterId}`, sk: 'LETTER' }),
  /** A unit's letters, newest first, in gsi1. */
  letterIndex: (orgId: string, issuedOn: string, letterId: string) => ({ gsi1pk: `ORGLETTERS#${orgId}`, gsi1sk: `${issuedOn}#${letterId}` }),
  letterIndexPk: (orgId: string) => `ORGLETTERS#${orgId}`,
  /** Letters by status, by rectification date, in gsi2: the supervision section's lists and the overdue watch. */
  letterStatusIndex: (status: string, rectifyBy: string, letterId: string) => ({ gsi2pk: `LETTERS#${status}`, gsi2sk: `${rectifyBy}#${letterId}` }),
  letterStatusPk: (status: string) => `LETTERS#${status}`,
  person: (personId: string) => ({ pk: `PERSON#${personId}`, sk: 'PERSON' }),
  rosterIndex: (orgId: string, personId: string) => ({ gsi2pk: `ROSTER#${orgId}`, gsi2sk: personId }),
  rosterIndexPk: (orgId: string) => `ROSTER#${orgId}`,
};
