import { z } from 'zod';
import { text } from './text.ts';

export const ImportRequest = z
  .object({
    files: z
      .array(z.object({ name: text({ max: 255 }).regex(/\.(csv|xlsx)$/i, 'must end in .csv or .xlsx'), contentBase64: z.base64() }).strict())
      .min(1)
      .max(4),
    validOnly: z.boolean().default(false),
    dryRun: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'ImportRequest' });

const Issue = z.object({ sheet: z.string(), row: z.number(), column: z.string(), rule: z.string(), message: z.string(), messageZh: z.string() });

export const ImportReport = z
  .object({
    importId: z.string(),
    written: z.boolean(),
    rows: z.object({ organizations: z.number(), people: z.number() }),
    issues: z.array(Issue),
    overQuota: z.array(z.object({ orgId: z.string(), quotaType: z.string(), quota: z.number(), onRoll: z.number() })),
    created: z.object({ organizations: z.number(), people: z.number() }),
    skipped: z.object({ organizations: z.number(), people: z.number() }),
    chunks: z.object({ written: z.number(), alreadyThere: z.number() }),
  })
  .meta({ id: 'ImportReport' });
