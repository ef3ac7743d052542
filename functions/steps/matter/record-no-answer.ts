import { mattersRepo } from '../../../shared/data/matters.ts';
import { LEADERSHIP, matterTaskId, tasksRepo, timedOutTask } from '../../../shared/data/tasks.ts';
import { lambdaHandler } from '../../../shared/lambda.ts';
import { type MatterRef, matterWorkflowActor, toldAboutMatter } from '../../../shared/workflows/matter.ts';

const STEP_OF_STATUS: Record<string, 'proposal' | 'assessment' | 'deliberation'> = {
  proposal: 'proposal',
  argumentation: 'assessment',
  deliberation: 'deliberation',
};

/** Nobody answered, the leadership included: the step's task leaves every inbox with the timeout recorded, and the matter goes back to its unit. */
export const handler = lambdaHandler(async (event: MatterRef): Promise<{ matterId: string }> => {
  const matter = await mattersRepo.require(event.matterId);
  const step = STEP_OF_STATUS[matter.status];
  if (!step) return { matterId: event.matterId };
  const taskId = matterTaskId(matter.matterId, matter.round, step, 0);
  await tasksRepo.change(taskId, matter.matterId, (before) => timedOutTask({ holder: before?.sectionId ?? LEADERSHIP, step }, before), matterWorkflowActor);
  await mattersRepo.transition(
    matter.matterId,
    [matter.status],
    (m) => ({
      patch: {
        status: 'returned',
        outcome: { code: 'noAnswer', message: `the ${m.stage} stage passed its due date unanswered`, messageZh: '该环节逾期未办理，事项退回申报单位' },
      },
      action: 'noAnswer',
      items: toldAboutMatter(m, 'matterNoAnswer', `Matter ${m.matterId} went unanswered and comes back`, `机构编制事项「${m.title}」逾期未办理，已退回`),
    }),
    matterWorkflowActor,
    matter,
  );
  return { matterId: event.matterId };
});
