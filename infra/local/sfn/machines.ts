/**
 * The state machines the endpoint runs: each registered from its ASL text with `${Name}`
 * substitutions (as CloudFormation's DefinitionSubstitutions), prepared for the engine
 * (definition.ts) and validated once, so a broken file fails at start-up. Every definition is
 * also kept by its hash: an execution runs on the one it started with, even after its state
 * machine is registered again with another (as AWS runs a redriven execution).
 */
import { createHash } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import type { Clock } from '../../../shared/clock.ts';
import type { FunctionHost } from '../functions.ts';
import { type PreparedDefinition, prepareDefinition, substitute } from './definition.ts';
import { sfnError } from './errors.ts';
import type { ExecutionRecord } from './execution.ts';
import type { RunnableMachine } from './runner.ts';

export interface MachineRecord {
  arn: string;
  name: string;
  /** The definition as deployed: the ASL text after substitution. */
  definition: string;
  definitionHash: string;
  prepared: PreparedDefinition;
  creationDate: Date;
}

export const definitionHashOf = (definition: string): string => createHash('sha256').update(definition).digest('hex');

export class Machines {
  private readonly byArn = new Map<string, MachineRecord>();
  private readonly byHash = new Map<string, PreparedDefinition>();

  constructor(private readonly d: { clock: Clock; functions: FunctionHost; region: string; account: string }) {}

  arnOf(name: string): string {
    return `arn:aws:states:${this.d.region}:${this.d.account}:stateMachine:${name}`;
  }

  get roleArn(): string {
    return `arn:aws:iam::${this.d.account}:role/local`;
  }

  /** Registers (or replaces) a state machine from its ASL text and `${Name}` → function id substitutions. */
  create(name: string, aslText: string, functionSubstitutions: Record<string, string>): string {
    const values = Object.fromEntries(Object.entries(functionSubstitutions).map(([k, fnId]) => [k, this.d.functions.arnOf(fnId)]));
    const definition = substitute(aslText, values);
    const definitionHash = this.adopt(definition);
    const prepared = this.byHash.get(definitionHash)!;
    new StateMachine(prepared.definition as never, { validationOptions: { checkArn: false } });
    const arn = this.arnOf(name);
    this.byArn.set(arn, { arn, name, definition, definitionHash, prepared, creationDate: this.d.clock.now() });
    return arn;
  }

  /** Keeps a definition (a machine's, or one a stored execution started with) under its hash. */
  adopt(definition: string): string {
    const hash = definitionHashOf(definition);
    if (!this.byHash.has(hash)) this.byHash.set(hash, prepareDefinition(JSON.parse(definition)));
    return hash;
  }

  /**
   * What the execution runs on: the definition it started with, under its state machine's name.
   * Undefined when its state machine is gone, or its definition is not known.
   */
  runnableFor(exec: ExecutionRecord): RunnableMachine | undefined {
    const m = this.byArn.get(exec.stateMachineArn);
    if (!m) return undefined;
    // Records from before definitions were kept run on the machine's current one.
    const prepared = exec.definitionHash ? this.byHash.get(exec.definitionHash) : m.prepared;
    return prepared && { arn: m.arn, name: m.name, prepared };
  }

  /** The state machine an API call names, or the error AWS answers. */
  get(arn: unknown): MachineRecord {
    if (typeof arn !== 'string' || !arn.startsWith('arn:aws:states:')) throw sfnError.invalidArn(arn);
    const m = this.byArn.get(arn);
    if (!m) throw sfnError.noStateMachine(arn);
    return m;
  }

  list() {
    return [...this.byArn.values()].map((m) => ({ stateMachineArn: m.arn, name: m.name, type: 'STANDARD', creationDate: m.creationDate }));
  }

  describe(arn: string) {
    const m = this.get(arn);
    return {
      stateMachineArn: m.arn,
      name: m.name,
      status: 'ACTIVE',
      definition: m.definition,
      roleArn: this.roleArn,
      type: 'STANDARD',
      creationDate: m.creationDate,
    };
  }
}
