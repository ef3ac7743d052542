/**
 * Operator alarms from inside a function: one CloudWatch Embedded Metric Format line per event,
 * which CloudWatch turns into a metric without an API call (the stack alarms on it). Written to
 * stdout directly: the Lambda runtime's JSON log format wraps console output, and a wrapped
 * line is no longer EMF. Dimensions carry no personal data.
 */
import { config } from './config.ts';

export const METRIC_NAMESPACE = 'bianzhi';

export type AlarmMetric =
  | 'WorkflowFailures'
  | 'StuckWorkflows'
  | 'JobEntryFailures'
  | 'CalendarYearsMissing'
  | 'NotificationLettersOverdue'
  | 'CopyReceiptsOverdue'
  | 'CounterDrift';

/** One dimension only (the stage), so the stack's alarm on the metric sees every event. */
export const emitMetric = (name: AlarmMetric, value = 1): void => {
  const dims = { stage: config.stage() };
  const line = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [Object.keys(dims)], Metrics: [{ Name: name, Unit: 'Count' }] }],
    },
    ...dims,
    [name]: value,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
};
