/**
 * Execution history events: their shape as GetExecutionHistory returns them.
 */

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: Date;
  type: string;
  [details: string]: unknown;
}
