/**
 * The state machines the endpoint runs: each registered from its ASL text with `${Name}`
 * substitutions (as CloudFormation's DefinitionSubstitutions), prepared for the engine
 * (definition.ts) and validated once, so a broken file fails at start-up.
 */
import { StateMachine } from 'aws-local-stepfunctions';
import type { Clock } from '../../../shared/clock.ts';
import type { FunctionHost } from '../functions.ts';
import { prepareDefinition, substitute, type PreparedDefinition } from './definition.ts';
import { sfnError } from './errors.ts';

export interface MachineRecord {
  arn: string;
  name: string;
  /** The definition as deployed: the ASL text after substitution. */
  definition: string;
  prepared: PreparedDefinition;
  creationDate: Date;
}

export class Machines {
  private readonly byArn = new Map<string, MachineRecord>();

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
    const prepared = prepareDefinition(JSON.parse(definition));
    new StateMachine(prepared.definition as never, { validationOptions: { checkArn: false } });
    const arn = this.arnOf(name);
    this.byArn.set(arn, { arn, name, definition, prepared, creationDate: this.d.clock.now() });
    return arn;
  }

  find(arn: string): MachineRecord | undefined {
    return this.byArn.get(arn);
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
    return { stateMachineArn: m.arn, name: m.name, status: 'ACTIVE', definition: m.definition, roleArn: this.roleArn, type: 'STANDARD', creationDate: m.creationDate };
  }
}
