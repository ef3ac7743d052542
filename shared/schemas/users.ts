import { z } from 'zod';
import { ROLES } from '../roles.ts';
import { msg } from './messages.ts';
import { text } from './text.ts';

const userId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, msg('userIdFormat'));

export const UserIdParams = z.object({ userId });

export const UserInput = z
  .object({
    userId,
    displayName: text({ min: 1, max: 64 }),
    role: z.enum(ROLES),
    /** The organization a department user acts for; required for the department role. */
    organizationId: text({ min: 1, max: 64 }).optional(),
    /** The section a section user belongs to (e.g. `personnel-section`). */
    sectionId: text({ min: 1, max: 64 }).optional(),
  })
  .strict()
  .superRefine((u, ctx) => {
    if (u.role === 'department' && !u.organizationId) {
      ctx.addIssue({ code: 'custom', path: ['organizationId'], message: msg('requiredForDepartment') });
    }
  })
  .meta({ id: 'UserInput' });

export const UserPatch = z
  .object({
    displayName: text({ min: 1, max: 64 }).optional(),
    role: z.enum(ROLES).optional(),
    organizationId: text({ min: 1, max: 64 }).nullable().optional(),
    sectionId: text({ min: 1, max: 64 }).nullable().optional(),
    enabled: z.boolean().optional(),
    /** Why the change is made; kept in the audit trail. */
    reason: text({ min: 1, max: 500, multiline: true }),
  })
  .strict()
  .meta({ id: 'UserPatch' });

export const User = z
  .object({
    userId,
    displayName: z.string(),
    role: z.enum(ROLES),
    organizationId: z.string().optional(),
    sectionId: z.string().optional(),
    enabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'User' });

export const UserList = z.object({ items: z.array(User), nextToken: z.string().optional() }).meta({ id: 'UserList' });

export type UserInput = z.infer<typeof UserInput>;
export type UserPatch = z.infer<typeof UserPatch>;
export type User = z.infer<typeof User>;
