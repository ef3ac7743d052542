/**
 * An execution's history as the flow chart and the timeline read it: asked without execution
 * data (no inputs, outputs or results travel), and cut at once to the event type, the state's
 * name and an error's name (shared/domain/flow-chart.ts WorkflowEvent). A task token, which
 * a waitForTaskToken task's parameters hold, never leaves this module.
 */
import { ExecutionDoesNotExist, GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import type { WorkflowEvent } from '../domain/flow-chart.ts';
import { sfn } from './sfn.ts';

/** AWS keeps at most 25,000 events of an execution: 25 pages of 1,000. */
const MAX_PAGES = 25;

const errorOf = (e: HistoryEvent): string | undefined => {
  const details = [
    e.taskFailedEventDetails,
    e.taskTimedOutEventDetails,
    e.executionFailedEventDetails,
    e.executionTimedOutEventDetails,
    e.executionAbortedEventDetails,
    e.lambdaFunctionFailedEventDetails,
    e.lambdaFunctionTimedOutEventDetails,
  ].find((d) => d?.error);
  return details?.error?.slice(0, 80);
};

export const workflowEventOf = (e: HistoryEvent): WorkflowEvent => {
  const state = e.stateEnteredEventDetails?.name ?? e.stateExitedEventDetails?.name;
  const error = errorOf(e);
  return {
    at: (e.timestamp instanceof Date ? e.timestamp : new Date(e.timestamp ?? 0)).toISOString(),
    type: e.type ?? 'Unknown',
    ...(state ? { state } : {}),
    ...(error ? { error } : {}),
  };
};

/**
 * The execution's events, oldest first; undefined when there is no such execution (its start was
 * lost, or Step Functions no longer keeps it: our audit trail is the record).
 */
export const executionHistory = async (executionArn: string): Promise<WorkflowEvent[] | undefined> => {
  const events: WorkflowEvent[] = [];
  let nextToken: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = await sfn().send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, includeExecutionData: false, nextToken }));
      events.push(...(out.events ?? []).map(workflowEventOf));
      nextToken = out.nextToken;
      if (!nextToken) break;
    }
  } catch (e) {
    if (e instanceof ExecutionDoesNotExist || (e as { name?: string }).name === 'ExecutionDoesNotExist') return undefined;
    throw e;
  }
  return events;
};
