/**
 * The one description of the system. The CDK stacks (infra/stacks) and the embedded host
 * (infra/local) are both built from this object; test/infra proves the template serves exactly
 * what is declared here. The routes are declared per function (shared/routes/), so a function's
 * bundle holds its own routes' schemas and nothing else; this file gathers them.
 */
import { SWAGGER_UI_FILES } from './docs/swagger-ui-files.ts';
import type { FunctionDecl, Manifest, TableAccess } from './manifest-types.ts';
import { apiDescriptionRoutes } from './routes/api-description.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { documentsRoutes } from './routes/documents.ts';
import { externalRoutes } from './routes/external.ts';
import { healthRoutes } from './routes/health.ts';
import { importsRoutes } from './routes/imports.ts';
import { mattersRoutes } from './routes/matters.ts';
import { plansRoutes } from './routes/plans.ts';
import { registryRoutes } from './routes/registry.ts';
import { reportsRoutes } from './routes/reports.ts';
import { rosterMovesRoutes } from './routes/roster-moves.ts';
import { supervisionRoutes } from './routes/supervision.ts';
import { tasksRoutes } from './routes/tasks.ts';
import { usersRoutes } from './routes/users.ts';

const pk = { name: 'pk', type: 'S' } as const;
const sk = { name: 'sk', type: 'S' } as const;

/** Every API function reads the caller's user record (config) to authenticate. */
const api = (tables: Record<string, TableAccess>) => ({ config: 'read' as const, ...tables });

/** A task of a workflow: a function of its own, with only the tables it needs (steps time out at 30 s). */
const step = (id: string, entry: string, description: string, tables: Record<string, TableAccess>, more: Partial<FunctionDecl> = {}): FunctionDecl => ({
  id,
  entry,
  description,
  tables,
  timeoutSeconds: 30,
  ...more,
});

export const manifest: Manifest = {
  tables: [
    {
      id: 'config',
      description: 'Office configuration: users, the holiday calendar, settings, job run markers, idempotency records',
      partitionKey: pk,
      sortKey: sk,
      gsis: [{ name: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } }],
      ttlAttribute: 'expiresAt',
    },
    {
      id: 'registry',
      description:
        'Organizations, their counters (quota, on-roll, reserved, vacancy; audit chain head), history, the roster, and what supervision keeps on a unit (blocks, warnings, notification letters)',
      partitionKey: pk,
      sortKey: sk,
      // Counter changes reach the warnings function (streams below).
      stream: 'NEW_IMAGE',
      gsis: [
        { name: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
        { name: 'gsi2', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
      ],
    },
    {
      id: 'matters',
      description: 'Matters, staffing plans, transfers and their human approval tasks (with task tokens); gsi2 lists what the sweeps watch',
      partitionKey: pk,
      sortKey: sk,
      gsis: [
        { name: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
        { name: 'gsi2', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
      ],
    },
    {
      id: 'audit',
      description: 'Append-only audit trail: hash-chained entries per organization, matter, plan and office; chain heads; checkpoints',
      partitionKey: pk,
      sortKey: sk,
      gsis: [{ name: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } }],
    },
  ],
  functions: [
    {
      id: 'health',
      description: 'Liveness of the API and its data stores',
      entry: 'functions/api/health.ts',
      tables: { config: 'read' },
    },
    {
      id: 'apiDescription',
      description: 'OpenAPI 3.1 document and its browsable page',
      entry: 'functions/api/api-description.ts',
      tables: {},
      // Swagger UI, served by this function (shared/docs/assets.ts finds the package by module resolution).
      files: ['package.json', ...Object.keys(SWAGGER_UI_FILES)].map((f) => `node_modules/swagger-ui-dist/${f}`),
    },
    {
      id: 'users',
      deploymentKey: true,
      description: 'Users of the system (who they are, their role, organization and section) and office configuration: the holiday calendar',
      entry: 'functions/api/users.ts',
      tables: { config: 'readWrite', audit: 'readWrite' },
    },
    {
      id: 'registry',
      deploymentKey: true,
      description: 'Organizations, establishment quotas and the real-name roster',
      entry: 'functions/api/registry.ts',
      tables: api({ registry: 'readWrite', audit: 'readWrite' }),
    },
    {
      id: 'imports',
      deploymentKey: true,
      description: 'Imports of organization lists and rosters (.xlsx, .csv in UTF-8 or GB18030)',
      entry: 'functions/api/imports.ts',
      tables: api({ registry: 'readWrite', audit: 'readWrite' }),
      timeoutSeconds: 29,
      memoryMB: 1024,
    },
    {
      id: 'plans',
      description: 'Staffing-use plans (用编计划): submission, reading, withdrawal, resubmission, messages to the unit',
      entry: 'functions/api/plans.ts',
      // Withdrawal ends the open steps' waits (SendTaskFailure).
      tables: { matters: 'readWrite', registry: 'read', audit: 'readWrite', config: 'readWrite' },
      stateMachines: { 'staffing-plan': ['start', 'callback'] },
    },
    {
      id: 'matters',
      description: 'Matters (机构编制事项): the matter catalog, submission with intake checks, routing to the lead section, the timeline and flow chart',
      entry: 'functions/api/matters.ts',
      // config: the catalog (read and saved), idempotency records; registry: the unit as it is now.
      tables: { config: 'readWrite', matters: 'readWrite', registry: 'read', audit: 'readWrite' },
      // read: the executions' history, for a matter's timeline and flow chart.
      stateMachines: { 'matter-approval': ['start', 'read'] },
      // The definition its flow chart is drawn from, read beside the bundle (shared/workflows/matter-chart.ts).
      files: ['statemachines/matter-approval.asl.json'],
    },
    {
      id: 'tasks',
      description: 'The task inbox: approval steps held by a section or the leadership, and their decisions (recorded, then sent to the workflow)',
      entry: 'functions/api/tasks.ts',
      tables: api({ matters: 'readWrite', audit: 'readWrite' }),
      stateMachines: { 'staffing-plan': ['callback'], 'matter-approval': ['callback'] },
    },
    {
      id: 'rosterMoves',
      deploymentKey: true,
      description: 'On-establishment (上编) onto reserved slots, and transfers between units asked and released',
      entry: 'functions/api/roster-moves.ts',
      tables: api({ matters: 'readWrite', registry: 'readWrite', audit: 'readWrite' }),
    },
    {
      id: 'supervision',
      description:
        'Supervision (监督问效): supervision letters and their rectification, suspensions, notification letters, warnings, problem-lead transfers, the reconciliation report',
      entry: 'functions/api/supervision.ts',
      // registry: the block a letter puts on its unit, and the unit's audit chain head; config: numbers, calendars, idempotency records.
      tables: { config: 'readWrite', matters: 'readWrite', registry: 'readWrite', audit: 'readWrite' },
    },
    {
      id: 'reports',
      description:
        'Statistics (establishment use and vacancy, matters by stage, supervision figures) and spreadsheet exports (.xlsx) of them, the ledger and a roster',
      entry: 'functions/api/reports.ts',
      // Read only: counters, the organizations index, the open matters', ledger's, letters' and warnings' indexes, the roster.
      tables: { config: 'read', registry: 'read', matters: 'read' },
      timeoutSeconds: 29,
      memoryMB: 1024,
    },
    {
      id: 'external',
      // A person is found by the keyed hash of their national ID (personIdFor).
      deploymentKey: true,
      description: 'Personnel (vacancies, the appointment check) and finance (headcount, payroll reconciliation against the roster)',
      entry: 'functions/api/external.ts',
      // Read only: counters, history, the roster, plans. A payroll is read and held against the roster, never stored.
      tables: { config: 'read', registry: 'read', matters: 'read' },
      timeoutSeconds: 29,
      memoryMB: 1024,
    },
    {
      id: 'documents',
      description: 'Official documents (.docx, GB/T 9704): approval documents, supervision and notification letters, staffing-use notices, establishment cards',
      entry: 'functions/api/documents.ts',
      // Read only: each document is drawn from its record (and the unit's name).
      tables: { config: 'read', registry: 'read', matters: 'read' },
      memoryMB: 1024,
    },
    step(
      'preReviewSupervision',
      'functions/steps/pre-review/supervision.ts',
      'Pre-review by the supervision section: open letters, unrectified problems, suspensions of the unit',
      { matters: 'read', registry: 'read' },
    ),
    step(
      'preReviewRegistration',
      'functions/steps/pre-review/registration.ts',
      'Pre-review by the registration bureau: legal-person registration of an institution',
      { matters: 'read', registry: 'read' },
    ),
    step(
      'preReviewRoster',
      'functions/steps/pre-review/roster.ts',
      'Pre-review by the e-government center: the roster agrees with the counters and covers the plan',
      { matters: 'read', registry: 'read' },
    ),
    step(
      'planRecordPreReview',
      'functions/steps/plan/record-pre-review.ts',
      'Records the pre-review on the plan: accepted, or refused with the reasons (the unit is told)',
      { matters: 'readWrite', audit: 'readWrite' },
    ),
    // A step whose plan was withdrawn ends its own wait (SendTaskFailure); a redelivered one resends a decision.
    step(
      'planOpenTask',
      'functions/steps/plan/open-task.ts',
      "Opens a section's approval task with its token and due date",
      { matters: 'readWrite', audit: 'readWrite' },
      { stateMachines: { 'staffing-plan': ['callback'] } },
    ),
    step(
      'planEscalateTask',
      'functions/steps/plan/escalate-task.ts',
      'The section did not answer in time: the leadership holds the task now',
      { matters: 'readWrite', audit: 'readWrite' },
      { stateMachines: { 'staffing-plan': ['callback'] } },
    ),
    // Serves matters' steps too, under its first name: a running execution names it by ARN in the
    // definition it started with (matters wait weeks on people), so a rename would delete it under them.
    step(
      'planAcknowledgeDecision',
      'functions/steps/plan/acknowledge-decision.ts',
      'The workflow took a decision: it leaves the list of decisions to send again',
      { matters: 'readWrite', audit: 'readWrite' },
    ),
    step('planRecordNoAnswer', 'functions/steps/plan/record-no-answer.ts', 'Nobody answered in time: the task leaves every inbox, the timeout recorded', {
      matters: 'readWrite',
      audit: 'readWrite',
    }),
    step('planDecide', 'functions/steps/plan/decide.ts', "Combines the sections' decisions on the plan (a return or refusal is told to the unit)", {
      matters: 'readWrite',
      audit: 'readWrite',
    }),
    step('planReserveSlots', 'functions/steps/plan/reserve-slots.ts', "Reserves the approved plan's slots under a numbered approval notice", {
      matters: 'readWrite',
      registry: 'readWrite',
      audit: 'readWrite',
      config: 'readWrite',
    }),
    step(
      'planRecordFailure',
      'functions/steps/plan/record-failure.ts',
      'A step failed: the plan records it, its tasks close, the unit is told, the operators are alarmed',
      { matters: 'readWrite', audit: 'readWrite' },
    ),
    step(
      'matterRecordPreReview',
      'functions/steps/matter/record-pre-review.ts',
      'Records the pre-review on the matter: accepted, or refused with the reasons (the unit is told)',
      {
        matters: 'readWrite',
        audit: 'readWrite',
      },
    ),
    // config: the holiday calendars the due date is counted on.
    step('matterEnterStage', 'functions/steps/matter/enter-stage.ts', 'The matter enters a stage: its due date in working days, a new round after a return', {
      matters: 'readWrite',
      audit: 'readWrite',
      config: 'read',
    }),
    step(
      'matterOpenTask',
      'functions/steps/matter/open-task.ts',
      "Opens a human step of a matter in its holder's inbox with its token and due date",
      { matters: 'readWrite', audit: 'readWrite' },
      { stateMachines: { 'matter-approval': ['callback'] } },
    ),
    step(
      'matterEscalateTask',
      'functions/steps/matter/escalate-task.ts',
      "A step of a matter passed its due date: the lead section's head holds it now",
      { matters: 'readWrite', audit: 'readWrite' },
      { stateMachines: { 'matter-approval': ['callback'] } },
    ),
    step(
      'matterRecordDecision',
      'functions/steps/matter/record-decision.ts',
      "Records a step's decision on the matter and where it goes next (the unit is told of a return or an end)",
      {
        matters: 'readWrite',
        audit: 'readWrite',
      },
    ),
    step(
      'matterIssue',
      'functions/steps/matter/issue.ts',
      'Issues the approved matter: its document number and the registry change it makes, in one transaction',
      {
        matters: 'readWrite',
        registry: 'readWrite',
        audit: 'readWrite',
        config: 'readWrite',
      },
    ),
    step(
      'matterRecordNoAnswer',
      'functions/steps/matter/record-no-answer.ts',
      'Nobody answered a step of the matter: its task closes and the matter goes back to the unit',
      {
        matters: 'readWrite',
        audit: 'readWrite',
      },
    ),
    step(
      'matterRecordFailure',
      'functions/steps/matter/record-failure.ts',
      'A step of a matter failed: the matter records it, the unit is told, the operators are alarmed',
      {
        matters: 'readWrite',
        audit: 'readWrite',
      },
    ),
    {
      id: 'counterWarnings',
      description: "Raises and closes a unit's early warnings (over quota, over post quota) on every change of its counters",
      entry: 'functions/streams/counter-warnings.ts',
      // registry: the warnings beside the unit; matters: the unit's messages.
      tables: { registry: 'readWrite', matters: 'readWrite' },
      timeoutSeconds: 60,
    },
    {
      id: 'workflowSweep',
      description: 'Restarts plan and matter workflows whose start was lost, records those that ended undecided, sends undelivered decisions again',
      entry: 'functions/jobs/workflow-sweep.ts',
      tables: { matters: 'readWrite', audit: 'readWrite', config: 'readWrite' },
      stateMachines: { 'staffing-plan': ['start', 'callback', 'read'], 'matter-approval': ['start', 'callback', 'read'] },
      timeoutSeconds: 300,
    },
    {
      id: 'reservationLapse',
      description: 'Releases reserved slots of approval notices that expired',
      entry: 'functions/jobs/reservation-lapse.ts',
      tables: { matters: 'readWrite', registry: 'readWrite', audit: 'readWrite', config: 'readWrite' },
      timeoutSeconds: 300,
    },
    {
      id: 'auditCheckpoint',
      description: 'Seals every audit chain head once a day',
      entry: 'functions/jobs/audit-checkpoint.ts',
      tables: { registry: 'read', audit: 'readWrite', config: 'readWrite' },
    },
    {
      id: 'counterReconciliation',
      description: "Nightly: recomputes every unit's counters from its roster and approval notices, reports drift, and brings its warnings in line",
      entry: 'functions/jobs/counter-reconciliation.ts',
      // registry: counters, roster, warnings; matters: plans (read) and the units' messages; config: the report, the run marker.
      tables: { registry: 'readWrite', matters: 'readWrite', config: 'readWrite' },
      timeoutSeconds: 900,
      memoryMB: 1024,
    },
    {
      id: 'inspectionDraw',
      description: "Draws the year's special inspection and opens an inspection per drawn unit",
      entry: 'functions/jobs/inspection-draw.ts',
      // registry: the populations; matters: letters (open problems), past inspections, the draw; audit: the office chain.
      tables: { registry: 'read', matters: 'readWrite', audit: 'readWrite', config: 'readWrite' },
      timeoutSeconds: 300,
    },
    {
      id: 'deadlineSweep',
      description: 'Daily sweep: supervision letters for implementation items past their deadline; years missing from the holiday calendar',
      entry: 'functions/jobs/deadline-sweep.ts',
      // matters: the ledger and the letters; registry: the unit (addressee), its block and chain head; config: numbers, calendars.
      tables: { config: 'readWrite', matters: 'readWrite', registry: 'readWrite', audit: 'readWrite' },
    },
  ],
  routes: [
    ...healthRoutes,
    ...apiDescriptionRoutes,
    ...usersRoutes,
    ...calendarRoutes,
    ...registryRoutes,
    ...importsRoutes,
    ...mattersRoutes,
    ...plansRoutes,
    ...tasksRoutes,
    ...rosterMovesRoutes,
    ...supervisionRoutes,
    ...reportsRoutes,
    ...externalRoutes,
    ...documentsRoutes,
  ],
  schedules: [
    {
      id: 'deadline-sweep',
      description: 'Write supervision letters for implementation items past their deadline, as of 01:00 Beijing time',
      expression: 'cron(0 1 * * ? *)',
      timezone: 'Asia/Shanghai',
      function: 'deadlineSweep',
    },
    {
      id: 'counter-reconciliation',
      description: 'Recompute every counter from the records and report drift, as of 02:00 Beijing time',
      expression: 'cron(0 2 * * ? *)',
      timezone: 'Asia/Shanghai',
      function: 'counterReconciliation',
    },
    {
      id: 'inspection-draw',
      description: "Draw the year's special inspection (≥ 20% of each population), on 10 January at 02:00 Beijing time",
      expression: 'cron(0 2 10 1 ? *)',
      timezone: 'Asia/Shanghai',
      function: 'inspectionDraw',
    },
    {
      id: 'reservation-lapse',
      description: 'Release unused reservations of expired approval notices, as of 00:15 Beijing time',
      expression: 'cron(15 0 * * ? *)',
      timezone: 'Asia/Shanghai',
      function: 'reservationLapse',
    },
    {
      id: 'workflow-sweep',
      description: 'Every 5 minutes: restart plan workflows whose start was lost, record those that ended undecided, send undelivered decisions again',
      expression: 'cron(0/5 * * * ? *)',
      timezone: 'Asia/Shanghai',
      function: 'workflowSweep',
    },
    {
      id: 'audit-checkpoint',
      description: 'Seal every audit chain head as of 00:30 Beijing time',
      expression: 'cron(30 0 * * ? *)',
      timezone: 'Asia/Shanghai',
      function: 'auditCheckpoint',
    },
  ],
  streams: [
    {
      id: 'counter-warnings',
      description: 'Every change of a unit’s counters, to its early warnings',
      table: 'registry',
      function: 'counterWarnings',
      sortKey: 'COUNTER',
      batchSize: 100,
    },
  ],
  stateMachines: [
    {
      id: 'staffing-plan',
      description: '用编计划核准: joint pre-review, parallel approval with escalation, decision, reservation',
      file: 'statemachines/staffing-plan.asl.json',
      functionSubstitutions: {
        PreReviewSupervision: 'preReviewSupervision',
        PreReviewRegistration: 'preReviewRegistration',
        PreReviewRoster: 'preReviewRoster',
        RecordPreReview: 'planRecordPreReview',
        OpenTask: 'planOpenTask',
        EscalateTask: 'planEscalateTask',
        AcknowledgeDecision: 'planAcknowledgeDecision',
        RecordNoAnswer: 'planRecordNoAnswer',
        Decide: 'planDecide',
        ReserveSlots: 'planReserveSlots',
        RecordFailure: 'planRecordFailure',
      },
    },
    {
      id: 'matter-approval',
      description: '机构编制事项: joint pre-review, 动议, 论证 (co-sections in parallel), 审议决定, issue of the numbered document with its registry change',
      file: 'statemachines/matter-approval.asl.json',
      functionSubstitutions: {
        PreReviewSupervision: 'preReviewSupervision',
        PreReviewRegistration: 'preReviewRegistration',
        PreReviewRoster: 'preReviewRoster',
        RecordPreReview: 'matterRecordPreReview',
        EnterStage: 'matterEnterStage',
        OpenTask: 'matterOpenTask',
        EscalateTask: 'matterEscalateTask',
        AcknowledgeDecision: 'planAcknowledgeDecision',
        RecordDecision: 'matterRecordDecision',
        Issue: 'matterIssue',
        RecordNoAnswer: 'matterRecordNoAnswer',
        RecordFailure: 'matterRecordFailure',
      },
    },
  ],
};
