import { lambdaHandler } from '../../../shared/lambda.ts';
import { type PreReviewInput, runPreReviewCheck } from '../../../shared/workflows/pre-review.ts';
import type { Check } from '../../../shared/workflows/staffing-plan.ts';

/** The joint pre-review's registration check (shared/workflows/pre-review.ts), for a plan or a matter. */
export const handler = lambdaHandler(async (event: PreReviewInput): Promise<Check> => runPreReviewCheck('registration', event));
