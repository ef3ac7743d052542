/** Imports of organization lists and rosters. */
import { route } from '../manifest-types.ts';
import { ImportReport, ImportRequest } from '../schemas/imports.ts';

export const importsRoutes = [
  route({
    method: 'POST',
    path: '/imports',
    function: 'imports',
    access: { roles: ['egovCenter', 'sectionStaff'] },
    tag: 'registry',
    summary: 'Import an organization list and/or roster: every row checked first; nothing written unless all are valid (or validOnly)',
    body: ImportRequest,
    response: { status: 200, schema: ImportReport },
    errors: ['DUPLICATE_PERSON', 'ORG_EXISTS', 'USCC_IN_USE', 'PARENT_INACTIVE'],
  }),
] as const;
