import { issueMatterDocument } from '../../../shared/data/matter-issue.ts';
import { lambdaHandler } from '../../../shared/lambda.ts';
import { type MatterRef, matterWorkflowActor } from '../../../shared/workflows/matter.ts';

/** Issues the approved matter's document: its number, the registry change it makes and the copies, in one transaction. */
export const handler = lambdaHandler(async (event: MatterRef) => issueMatterDocument(event.matterId, matterWorkflowActor));
