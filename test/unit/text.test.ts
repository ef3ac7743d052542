import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors.ts';
import { parseOrThrow } from '../../shared/http/zod-issues.ts';
import { text, textRulesBroken } from '../../shared/schemas/text.ts';
import { instances, routeParts } from '../support/json-schema.ts';

const rulesOf = (schema: ReturnType<typeof text>, value: unknown) => {
  try {
    parseOrThrow(schema, value, 'body.reason');
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).issues.map((i) => `${i.path}:${i.rule}`);
  }
};

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i));
const CONTROLS = [...range(0x00, 0x1f), '\u007f', ...range(0x80, 0x9f)];
const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
const FORBIDDEN = [...CONTROLS, ...BIDI];

describe('text()', () => {
  it('refuses every C0 and C1 control and DEL, wherever it stands (line breaks and tabs included)', () => {
    for (const c of CONTROLS) {
      for (const s of [`事由${c}说明`, `${c}事由`, `事由${c}`]) expect(rulesOf(text(), s), JSON.stringify(s)).toEqual(['body.reason:controlCharacter']);
    }
  });

  it('lets a paragraph of prose (an opinion, a reason) keep its line breaks and tabs, and nothing else of C0', () => {
    expect(rulesOf(text({ multiline: true }), '一、同意。\r\n二、请补充岗位说明：\n\t1. 岗位职责')).toEqual([]);
    for (const c of CONTROLS.filter((x) => !'\t\n\r'.includes(x)))
      expect(rulesOf(text({ multiline: true }), `意见${c}`), JSON.stringify(c)).toEqual(['body.reason:controlCharacter']);
  });

  it('refuses bidirectional embeddings, overrides, isolates and marks', () => {
    for (const c of BIDI) expect(rulesOf(text(), `咸编发${c}〔2026〕7号`), c.codePointAt(0)!.toString(16)).toEqual(['body.reason:bidiControl']);
  });

  it('refuses lone surrogates, high or low, and a pair in the wrong order', () => {
    for (const s of ['\ud842', '张\udfff三', '\udc00\ud842', 'a\ud83d']) expect(rulesOf(text(), s), JSON.stringify(s)).toEqual(['body.reason:loneSurrogate']);
  });

  it('names each rule a value breaks, in English and Chinese', () => {
    try {
      parseOrThrow(text({ max: 10 }), '\u0000\u202e\ud800', 'body.opinion');
      expect.unreachable();
    } catch (e) {
      const issues = (e as ValidationError).issues;
      expect(issues.map((i) => i.rule)).toEqual(['controlCharacter', 'bidiControl', 'loneSurrogate']);
      for (const i of issues) {
        expect(i.path).toBe('body.opinion');
        expect(i.message).not.toMatch(/^msg:/);
        expect(i.messageZh).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    expect(textRulesBroken('\u0000\u202e\ud800')).toEqual(['controlCharacter', 'bidiControl', 'loneSurrogate']);
  });

  it('accepts Chinese of every plane, the middle dot, full-width punctuation, emoji and percent signs', () => {
    for (const s of [
      '咸宁市教育局',
      '𬌗',
      '𠀀𪚥𰻞',
      '阿依古丽·买买提',
      '咸编发〔2026〕7号',
      '依据《条例》，同意。',
      '同意👍🏽',
      '100%',
      '%E4%B8%AD',
      '第一　第二',
      '"quoted" & <tag>',
    ]) {
      expect(rulesOf(text(), s), s).toEqual([]);
      expect(textRulesBroken(s)).toEqual([]);
    }
  });

  it('trims before counting, and counts what is left', () => {
    expect(text({ min: 2, max: 4 }).parse('  咸宁  ')).toBe('咸宁');
    expect(rulesOf(text({ min: 2 }), '  咸 ')).toEqual(['body.reason:too_small']);
    expect(rulesOf(text({ max: 4 }), '咸宁市教育')).toEqual(['body.reason:too_big']);
    expect(rulesOf(text(), 12)).toEqual(['body.reason:invalid_type']);
  });

  it('refuses a required text with nothing visible in it: zero-width spaces, a BOM, ideographic spaces', () => {
    // A BOM and ideographic spaces go with the trim (too_small); what the trim keeps is blank.
    for (const v of ['\u200b\u200b\u200b', '\u3000\u200d', '\u2060 \u00ad'])
      expect(rulesOf(text({ min: 1 }), v), JSON.stringify(v)).toEqual(['body.reason:blank']);
    expect(rulesOf(text({ min: 1 }), '\ufeff\u3000')).toEqual(['body.reason:too_small']);
    expect(rulesOf(text({ min: 1 }), '同意\u200b')).toEqual([]);
    expect(rulesOf(text(), '\u200b')).toEqual([]);
  });

  it('accepts any string without a forbidden character, and refuses any string with one', () => {
    const allowed = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => s.isWellFormed() && !FORBIDDEN.some((c) => s.includes(c)));
    fc.assert(
      fc.property(allowed, (s) => {
        expect(rulesOf(text(), s)).toEqual([]);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(allowed, fc.constantFrom(...FORBIDDEN, '\ud800', '\udfff'), allowed, (a, bad, b) => {
        expect(rulesOf(text(), `${a}${bad}${b}`).length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Strings a schema may take as they come, because a domain check holds them to a strict
 * format of its own before anything is stored.
 */
const CHECKED_ELSEWHERE: Record<string, string> = {
  uscc: 'checkUscc: 18 characters of the GB 32100 set',
  nationalId: 'checkNationalId: 18 characters, digits and X',
  nextToken: 'decodePageToken: a signed token of this list',
};

describe('every input schema', () => {
  it('refuses a control character, a bidi override and a lone surrogate in every free-text field', () => {
    for (const bad of ['ab\u0000cd', '咸宁\u202e市', '咸\ud800宁']) {
      for (const { route, part, schema, json } of routeParts()) {
        const leaves = new Set<string>();
        const issuePaths = new Set<string>();
        for (const value of instances(json, (_js, path) => (leaves.add(path), bad), part)) {
          try {
            parseOrThrow(schema, value, part);
          } catch (e) {
            for (const i of (e as ValidationError).issues) issuePaths.add(i.path);
          }
        }
        for (const leaf of leaves) {
          if (CHECKED_ELSEWHERE[leaf.split('.').at(-1)!]) continue;
          expect(issuePaths, `${route.method} ${route.path} ${leaf} takes ${JSON.stringify(bad)}`).toContain(leaf);
        }
      }
    }
  });
});
