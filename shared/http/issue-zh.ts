/**
 * The Chinese message of a schema issue. zod's own zh-CN locale names JavaScript types and enum
 * codes ("期望 string", "期望以下之一 \"administrative\"|…"), which a clerk cannot read; this says
 * the same in words, with the Chinese labels of the allowed values where they are known. The
 * English message and the field path still carry the exact codes for developers.
 */

import { labelsOf } from '../domain/labels.ts';
import type * as z from '../schemas/zod.ts';

/** The raw issue, as a parse's error callback receives it (with the input, which final issues drop). */
type Issue = z.core.$ZodRawIssue;

const TYPE_ZH: Record<string, string> = {
  string: '应为文本',
  number: '应为数字',
  int: '应为整数',
  boolean: '应为是或否',
  object: '应为对象',
  array: '应为列表',
  date: '应为日期',
};

const sizeZh = (origin: string, limit: number | bigint, bound: 'min' | 'max', inclusive: boolean): string => {
  const n = String(limit);
  switch (origin) {
    case 'string':
      return bound === 'min' ? `至少 ${n} 个字符` : `最多 ${n} 个字符`;
    case 'array':
    case 'set':
      return bound === 'min' ? `至少 ${n} 项` : `最多 ${n} 项`;
    default:
      if (bound === 'min') return inclusive ? `不能小于 ${n}` : `应大于 ${n}`;
      return inclusive ? `不能大于 ${n}` : `应小于 ${n}`;
  }
};

export const issueZh = (iss: Issue): string => {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return '必须填写';
      return TYPE_ZH[iss.expected] ?? '类型不正确';
    case 'invalid_value': {
      const labels = labelsOf(iss.values);
      return labels ? `应为以下之一：${labels.join('、')}` : '不是可选的值';
    }
    case 'too_small':
      return sizeZh(iss.origin, iss.minimum, 'min', iss.inclusive ?? true);
    case 'too_big':
      return sizeZh(iss.origin, iss.maximum, 'max', iss.inclusive ?? true);
    case 'invalid_format':
      return iss.format === 'date' || iss.format === 'datetime' ? '日期时间格式不正确' : '格式不正确';
    case 'not_multiple_of':
      return `应为 ${String(iss.divisor)} 的倍数`;
    case 'unrecognized_keys':
      return `含有不认识的字段（${iss.keys.length} 个）`;
    case 'invalid_union':
      return iss.input === undefined ? '必须填写' : '不符合任何一种可选的格式';
    case 'invalid_key':
      return '含有不正确的键';
    case 'invalid_element':
      return '含有不正确的元素';
    default:
      return '不符合要求';
  }
};
