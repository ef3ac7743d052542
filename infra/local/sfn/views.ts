/**
 * What the read operations answer (DescribeExecution, ListExecutions, GetExecutionHistory),
 * computed from execution records, with AWS's paging by opaque nextToken. Pure.
 */
import { sfnError } from './errors.ts';
import type { ExecutionRecord, ExecutionStatus } from './execution.ts';
import type { HistoryEvent } from './history.ts';

/** One page of a list, with AWS's opaque nextToken (here: the offset). */
export const paginate = <T>(items: T[], nextToken: string | undefined, maxResults: number | undefined, defaultSize: number) => {
  const start = nextToken ? Number(Buffer.from(nextToken, 'base64url').toString()) : 0;
  if (!Number.isInteger(start) || start < 0) throw sfnError.invalidToken();
  const size = maxResults || defaultSize;
  return {
    page: items.slice(start, start + size),
    nextToken: start + size < items.length ? Buffer.from(String(start + size)).toString('base64url') : undefined,
  };
};

/** The fields ListExecutions shows; DescribeExecution adds input, output and error. */
export const summaryOf = (e: ExecutionRecord) => ({
  executionArn: e.executionArn,
  stateMachineArn: e.stateMachineArn,
  name: e.name,
  status: e.status,
  startDate: e.startDate,
  stopDate: e.stopDate,
  redriveCount: e.redriveCount,
});

/** `refusal` is why it cannot be redriven now (redrive.ts), if it cannot. */
export const describeOf = (e: ExecutionRecord, refusal: string | undefined) => ({
  ...summaryOf(e),
  input: e.input,
  inputDetails: { included: true },
  output: e.output,
  outputDetails: e.output !== undefined ? { included: true } : undefined,
  error: e.error,
  cause: e.cause,
  redriveDate: e.redriveDate,
  redriveStatus: refusal ? 'NOT_REDRIVABLE' : 'REDRIVABLE',
  redriveStatusReason: refusal,
});

export const listPage = (
  executions: ExecutionRecord[],
  req: { stateMachineArn: string; statusFilter?: ExecutionStatus; maxResults?: number; nextToken?: string },
) => {
  const all = executions
    .filter((e) => e.stateMachineArn === req.stateMachineArn && (!req.statusFilter || e.status === req.statusFilter))
    .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
  const { page, nextToken } = paginate(all, req.nextToken, req.maxResults, 100);
  return { executions: page.map(summaryOf), nextToken };
};

/** Without execution data, events keep their shape but lose every `input` and `output`. */
const withoutData = (ev: HistoryEvent): HistoryEvent =>
  JSON.parse(
    JSON.stringify(ev, (k, v) => (k === 'input' || k === 'output' ? undefined : v)),
    (k, v) => (k === 'timestamp' ? new Date(v) : v),
  );

export const historyPage = (e: ExecutionRecord, req: { reverseOrder?: boolean; maxResults?: number; nextToken?: string; includeExecutionData?: boolean }) => {
  let events = [...e.history];
  if (req.reverseOrder) events.reverse();
  if (req.includeExecutionData === false) events = events.map(withoutData);
  const { page, nextToken } = paginate(events, req.nextToken, req.maxResults, 1000);
  return { events: page, nextToken };
};
