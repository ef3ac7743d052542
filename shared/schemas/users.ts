import { ROLES } from '../roles.ts';
import { msg } from './messages.ts';
import { text } from './text.ts';
import * as z from './zod.ts';
import { matching, named, wholeNumber, wholeNumberFromText } from './zod.ts';

export const userId = matching(/^[a-z0-9][a-z0-9._-]{1,62}$/, msg('userIdFormat'));

export const UserIdParams = z.object({ userId });

export const UserInput = named(
  'UserInput',
  z
    .strictObject({
      userId,
      displayName: text({ min: 1, max: 64 }),
      role: z.enum(ROLES),
      /** The organization a department user acts for; required for the department role. */
      organizationId: z.optional(text({ min: 1, max: 64 })),
      /** The section a section user belongs to (e.g. `personnel-section`). */
      sectionId: z.optional(text({ min: 1, max: 64 })),
      /** 科室负责人: the head of the section, who takes over a step of a matter led by it that passed its due date. */
      sectionHead: z.optional(z.boolean()),
    })
    .check(
      z.superRefine((u, ctx) => {
        if (u.role === 'department' && !u.organizationId) {
          ctx.addIssue({
            code: 'custom',
            path: ['organizationId'],
            message: msg('requiredForDepartment'),
            params: { rule: 'requiredForDepartment' },
            input: u.organizationId,
          });
        }
      }),
    ),
);

export const UserPatch = named(
  'UserPatch',
  z.strictObject({
    displayName: z.optional(text({ min: 1, max: 64 })),
    role: z.optional(z.enum(ROLES)),
    organizationId: z.optional(z.nullable(text({ min: 1, max: 64 }))),
    sectionId: z.optional(z.nullable(text({ min: 1, max: 64 }))),
    sectionHead: z.optional(z.boolean()),
    enabled: z.optional(z.boolean()),
    /** Why the change is made; kept in the audit trail. */
    reason: text({ min: 1, max: 500, multiline: true }),
  }),
);

export const User = named(
  'User',
  z.object({
    userId,
    displayName: z.string(),
    role: z.enum(ROLES),
    organizationId: z.optional(z.string()),
    sectionId: z.optional(z.string()),
    sectionHead: z.optional(z.boolean()),
    enabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: wholeNumber(),
  }),
);

export const UserList = named('UserList', z.object({ items: z.array(User), nextToken: z.optional(z.string()) }));

export const UserListQuery = z.object({ limit: z.optional(wholeNumberFromText(1, 100)), nextToken: z.optional(z.string()) });

export type UserInput = z.infer<typeof UserInput>;
export type UserPatch = z.infer<typeof UserPatch>;
export type User = z.infer<typeof User>;
