import { msg } from './messages.ts';
import { text } from './text.ts';
import * as z from './zod.ts';
import { named } from './zod.ts';

export const ImportRequest = named(
  'ImportRequest',
  z.strictObject({
    files: z
      .array(z.strictObject({ name: text({ max: 255 }, z.regex(/\.(csv|xlsx)$/i, msg('importFileName'))), contentBase64: z.base64() }))
      .check(z.minLength(1), z.maxLength(4)),
    validOnly: z._default(z.boolean(), false),
    dryRun: z._default(z.boolean(), false),
  }),
);

const Issue = z.object({ sheet: z.string(), row: z.number(), column: z.string(), rule: z.string(), message: z.string(), messageZh: z.string() });

export const ImportReport = named(
  'ImportReport',
  z.object({
    importId: z.string(),
    written: z.boolean(),
    rows: z.object({ organizations: z.number(), people: z.number() }),
    issues: z.array(Issue),
    overQuota: z.array(z.object({ orgId: z.string(), quotaType: z.string(), quota: z.number(), onRoll: z.number() })),
    created: z.object({ organizations: z.number(), people: z.number() }),
    skipped: z.object({ organizations: z.number(), people: z.number() }),
    chunks: z.object({ written: z.number(), alreadyThere: z.number() }),
  }),
);
