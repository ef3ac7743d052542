import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../infra/local/clock.ts';
import { DefinitionError, ENGINE_MAX_TIMEOUT_SECONDS, LOCAL_WAIT_RESOURCE, prepareDefinition, substitute } from '../../infra/local/sfn/definition.ts';

const fixture = (name: string) => JSON.parse(readFileSync(`test/fixtures/statemachines/${name}.asl.json`, 'utf8'));

describe('prepareDefinition', () => {
  it('takes Task timeouts and heartbeats away from the engine and keeps them as metadata', () => {
    const p = prepareDefinition(fixture('heartbeat'));
    expect(p.definition.States.Rectify.TimeoutSeconds).toBe(ENGINE_MAX_TIMEOUT_SECONDS);
    expect(p.definition.States.Rectify.HeartbeatSeconds).toBeUndefined();
    expect(p.tasks.get('Rectify')).toMatchObject({ callback: true, timeoutSeconds: 2592000, heartbeatSeconds: 3600, topLevel: true });
    expect(ENGINE_MAX_TIMEOUT_SECONDS * 1000).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it('turns Wait states into clock-driven tasks that keep their input', () => {
    const p = prepareDefinition(fixture('timers'));
    expect(p.definition.States.WaitUntilDue).toMatchObject({
      Type: 'Task',
      Resource: LOCAL_WAIT_RESOURCE,
      Parameters: { 'timestamp.$': '$.dueAt' },
      ResultPath: null,
      Next: '__enter__AwaitDecision',
    });
    expect(p.tasks.get('WaitUntilDue')?.kind).toBe('wait');
  });

  it('finds tasks inside Parallel branches and Map processors, not at the top level', () => {
    const p = prepareDefinition(fixture('parallel-callbacks'));
    expect(p.tasks.get('AskSupervision')).toMatchObject({ callback: true, topLevel: false });
    expect([...p.topLevelStates]).toEqual(['JointReview', 'Approved', 'Refused']);
    expect(prepareDefinition(fixture('map-callbacks')).tasks.get('AskSection')?.topLevel).toBe(false);
  });

  it('lets a States.Timeout matcher also catch a heartbeat expiry, as in AWS', () => {
    const def = fixture('timers');
    const p = prepareDefinition(def);
    expect(p.definition.States.AwaitDecision.Catch[0].ErrorEquals).toEqual(['States.Timeout', 'States.HeartbeatTimeout']);
    expect(def.States.AwaitDecision.Catch[0].ErrorEquals).toEqual(['States.Timeout']);
  });

  it('puts a hidden marker before every top-level state and routes every transition through it', () => {
    const p = prepareDefinition({
      StartAt: 'Check',
      States: {
        Check: { Type: 'Choice', Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Work' }], Default: 'Stop' },
        Work: { Type: 'Task', Resource: 'arn:aws:lambda:r:1:function:f', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Stop' }], Next: 'Done' },
        Done: { Type: 'Succeed' },
        Stop: { Type: 'Fail' },
      },
    });
    const s = p.definition.States;
    expect(p.definition.StartAt).toBe('__enter__Check');
    expect(s.Check.Choices[0].Next).toBe('__enter__Work');
    expect(s.Check.Default).toBe('__enter__Stop');
    expect(s.Work.Catch[0].Next).toBe('__enter__Stop');
    expect(s.Work.Next).toBe('__enter__Done');
    expect(s.__enter__Work).toMatchObject({ Type: 'Task', Next: 'Work' });
    expect(p.tasks.get('__enter__Done')?.kind).toBe('enter');
    expect([...p.topLevelStates]).toEqual(['Check', 'Work', 'Done', 'Stop']);
  });

  it('takes the execution timeout for the endpoint to enforce', () => {
    const p = prepareDefinition({ TimeoutSeconds: 99, StartAt: 'A', States: { A: { Type: 'Succeed' } } });
    expect(p.executionTimeoutSeconds).toBe(99);
    expect(p.definition.TimeoutSeconds).toBeUndefined();
  });

  it('substitutes ${Names} and refuses unknown ones', () => {
    expect(substitute('{"F":"${Fn}"}', { Fn: 'arn:x' })).toBe('{"F":"arn:x"}');
    expect(() => substitute('${Missing}', {})).toThrow(DefinitionError);
  });
});

describe('parseDuration', () => {
  it('reads the durations the clock command takes', () => {
    expect(parseDuration('+30d')).toBe(30 * 86400e3);
    expect(parseDuration('1d12h')).toBe(36 * 3600e3);
    expect(parseDuration('90m')).toBe(5400e3);
    expect(() => parseDuration('soon')).toThrow(/\+30d/);
    expect(() => parseDuration('3x')).toThrow();
  });
});
