import { plansRepo } from '../../../shared/data/plans.ts';
import { lambdaHandler } from '../../../shared/lambda.ts';
import { runPreReviewCheck } from '../../../shared/workflows/pre-review.ts';
import type { Check, PlanRef } from '../../../shared/workflows/staffing-plan.ts';

/** The joint pre-review's registration check (shared/workflows/pre-review.ts). */
export const handler = lambdaHandler(async (event: PlanRef): Promise<Check> => runPreReviewCheck('registration', await plansRepo.require(event.planId)));
