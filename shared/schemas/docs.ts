import { z } from 'zod';
import { text } from './text.ts';

/** The file under /docs/ (empty for the page itself); API Gateway passes a greedy path variable as it came. */
export const DocsFileParams = z.object({ file: text({ max: 100 }).optional() });

/** `v` is the version the page put in the file's URL: a matching one may be cached for good. */
export const DocsFileQuery = z.object({ v: text({ max: 32 }).optional() });
