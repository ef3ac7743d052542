/** The liveness route. */
import { route } from '../manifest-types.ts';
import { Health } from '../schemas/common.ts';

export const healthRoutes = [
  route({
    method: 'GET',
    path: '/health',
    function: 'health',
    access: 'public',
    tag: 'operations',
    summary: 'State of the API and every store it depends on',
    response: { status: 200, schema: Health },
    otherResponses: [{ status: 503, description: 'A store it depends on is not answering (status: degraded); the checks say which', schema: Health }],
  }),
] as const;
