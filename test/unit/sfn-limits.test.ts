import { describe, expect, it } from 'vitest';
import { dataLimitCause, inputTooLarge, outputTooLarge, overPayloadLimit, PAYLOAD_LIMIT_BYTES } from '../../infra/local/sfn/limits.ts';

describe('the 256 KiB payload limit', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(PAYLOAD_LIMIT_BYTES).toBe(262_144);
    expect(overPayloadLimit('x'.repeat(262_144))).toBe(false);
    expect(overPayloadLimit('x'.repeat(262_145))).toBe(true);
    // 87,382 characters of 3 bytes each: under the limit in characters, over it in bytes.
    expect(overPayloadLimit('中'.repeat(87_382))).toBe(true);
  });

  it('is refused with the errors AWS uses', () => {
    expect(inputTooLarge()).toMatchObject({ type: 'ValidationException' });
    expect(outputTooLarge()).toMatchObject({ type: 'InvalidOutput' });
    expect(dataLimitCause('Big')).toBe("The state/task 'Big' returned a result with a size exceeding the maximum number of bytes service limit.");
  });
});
