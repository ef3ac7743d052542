import { text } from './text.ts';
import * as z from './zod.ts';

/** The file under /docs/ (empty for the page itself); API Gateway passes a greedy path variable as it came. */
export const DocsFileParams = z.object({ file: z.optional(text({ max: 100 })) });

/** `v` is the version the page put in the file's URL: a matching one may be cached for good. */
export const DocsFileQuery = z.object({ v: z.optional(text({ max: 32 })) });
