import { describe, expect, it } from 'vitest';
import { mintToken, TOKEN_PLACEHOLDER, TokenIndex, withToken } from '../../infra/local/sfn/tokens.ts';
import { anExecution } from '../support/sfn-records.ts';

describe('task tokens', () => {
  it('are put wherever the definition used $$.Task.Token', () => {
    expect(withToken({ Payload: { a: [TOKEN_PLACEHOLDER, 1], b: { taskToken: TOKEN_PLACEHOLDER } } }, 'tok')).toEqual({
      Payload: { a: ['tok', 1], b: { taskToken: 'tok' } },
    });
  });

  it('are answered as AWS answers: malformed, unknown, closed', () => {
    const index = new TokenIndex();
    const open = mintToken();
    const answered = mintToken();
    const exec = anExecution({}, { k1: { kind: 'callback', status: 'pending', token: open }, k2: { kind: 'callback', status: 'succeeded', token: answered } });
    index.set(open, { executionArn: exec.executionArn, key: 'k1' });
    index.set(answered, { executionArn: exec.executionArn, key: 'k2' });
    const find = (arn: string) => (arn === exec.executionArn ? exec : undefined);
    expect(() => index.lookup('not-a-token', find)).toThrow(expect.objectContaining({ type: 'InvalidToken' }));
    expect(() => index.lookup(42, find)).toThrow(expect.objectContaining({ type: 'InvalidToken' }));
    expect(() => index.lookup(mintToken(), find)).toThrow(expect.objectContaining({ type: 'TaskDoesNotExist' }));
    expect(() => index.lookup(answered, find)).toThrow(expect.objectContaining({ type: 'TaskTimedOut' }));
    expect(index.lookup(open, find).ref.key).toBe('k1');
    exec.status = 'ABORTED';
    expect(() => index.lookup(open, find)).toThrow(expect.objectContaining({ type: 'TaskTimedOut' }));
  });
});
