/** Users of the system: who they are, their role, organization and section. */
import { route } from '../manifest-types.ts';
import { ROLES } from '../roles.ts';
import { User, UserIdParams, UserInput, UserList, UserListQuery, UserPatch } from '../schemas/users.ts';

export const usersRoutes = [
  route({
    method: 'GET',
    path: '/me',
    function: 'users',
    access: { roles: ROLES },
    tag: 'users',
    summary: 'The signed-in user as the system knows them (role, organization, section)',
    response: { status: 200, schema: User },
  }),
  route({
    method: 'GET',
    path: '/users',
    function: 'users',
    access: { roles: ['officeAdmin'] },
    tag: 'users',
    summary: 'List users',
    query: UserListQuery,
    response: { status: 200, schema: UserList },
  }),
  route({
    method: 'POST',
    path: '/users',
    function: 'users',
    access: { roles: ['officeAdmin'] },
    tag: 'users',
    summary: 'Create a user',
    body: UserInput,
    response: { status: 201, schema: User },
    errors: ['USER_EXISTS'],
  }),
  route({
    method: 'GET',
    path: '/users/{userId}',
    function: 'users',
    access: { roles: ['officeAdmin'] },
    tag: 'users',
    summary: 'Read one user',
    params: UserIdParams,
    response: { status: 200, schema: User },
    errors: ['NOT_FOUND'],
  }),
  route({
    method: 'PATCH',
    path: '/users/{userId}',
    function: 'users',
    access: { roles: ['officeAdmin'] },
    tag: 'users',
    summary: 'Change a user: role, organization, section, or disable them (takes effect at once)',
    params: UserIdParams,
    body: UserPatch,
    response: { status: 200, schema: User },
    errors: ['NOT_FOUND', 'STALE_VERSION'],
  }),
] as const;
