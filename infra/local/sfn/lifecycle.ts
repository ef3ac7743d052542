/**
 * Starting and stopping executions, as StartExecution and StopExecution do: names checked as
 * AWS checks them, the same name and input while running is the same start (Standard
 * workflows), and an execution is durable before its ARN is answered.
 */
import type { Clock } from '../../../shared/clock.ts';
import { sfnError } from './errors.ts';
import { newExecution } from './execution.ts';
import type { Executions } from './executions.ts';
import { executionEvents } from './history.ts';
import type { Journal } from './journal.ts';
import { inputTooLarge, overPayloadLimit } from './limits.ts';
import type { Machines } from './machines.ts';
import type { Runner } from './runner.ts';

const NAME_RE = /^[A-Za-z0-9_-]{1,80}$/;

export class Lifecycle {
  constructor(
    private readonly d: { clock: Clock; machines: Machines; executions: Executions; journal: Journal; runner: Runner; region: string; account: string },
  ) {}

  async start(req: { stateMachineArn: string; name?: string; input?: string }) {
    const m = this.d.machines.get(req.stateMachineArn);
    const name = req.name ?? crypto.randomUUID();
    if (!NAME_RE.test(name)) throw sfnError.invalidName(name);
    const input = req.input ?? '{}';
    if (overPayloadLimit(input)) throw inputTooLarge();
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch {
      throw sfnError.invalidInput('Invalid execution input: not JSON');
    }
    const executionArn = `arn:aws:states:${this.d.region}:${this.d.account}:execution:${m.name}:${name}`;
    const existing = this.d.executions.find(executionArn);
    if (existing) {
      // As in AWS Standard workflows: the same name and input while running is the same start.
      if (existing.status === 'RUNNING' && existing.input === input) return { executionArn, startDate: existing.startDate };
      throw sfnError.alreadyExists(executionArn);
    }
    const now = this.d.clock.now();
    const timeoutSeconds = m.prepared.executionTimeoutSeconds;
    const exec = newExecution({
      executionArn,
      stateMachineArn: m.arn,
      name,
      input,
      startDate: now,
      definitionHash: m.definitionHash,
      timeoutAt: timeoutSeconds ? now.getTime() + timeoutSeconds * 1000 : undefined,
    });
    this.d.executions.add(exec);
    this.d.journal.record(exec, executionEvents.started(input, this.d.machines.roleArn));
    // Durable before we answer: a caller that got an ARN can always find its execution again, and what it runs on.
    await Promise.all([this.d.journal.saveDefinition(m.definitionHash, m.definition), this.d.journal.saveMeta(exec)]);
    this.d.runner.start(exec, m, parsed);
    return { executionArn, startDate: now };
  }

  async stop(arn: string, error?: string, cause?: string) {
    const e = this.d.executions.get(arn);
    await this.d.executions.finish(e, e.generation, 'ABORTED', { error, cause }, { abort: true });
    return { stopDate: e.stopDate ?? this.d.clock.now() };
  }
}
