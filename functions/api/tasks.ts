import { clock } from '../../shared/clock.ts';
import type { StoredItem } from '../../shared/data/keys.ts';
import { copyReceiptUpdate, mattersRepo } from '../../shared/data/matters.ts';
import {
  claimedTask,
  decidedTask,
  isOverdue,
  LEADERSHIP,
  reassignedTask,
  sectionHeadOf,
  shownTask,
  stepTimedOut,
  subjectOfTask,
  type TaskRecord,
  taskClosed,
  taskOfItem,
  tasksRepo,
} from '../../shared/data/tasks.ts';
import { usersRepo } from '../../shared/data/users.ts';
import { dueDateEnds } from '../../shared/domain/calendar/working-days.ts';
import { decisionIssues } from '../../shared/domain/matters/decisions.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { ConflictError, ForbiddenError, fieldIssue, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { apiHandler } from '../../shared/http/api-handler.ts';
import { tasksRoutes } from '../../shared/routes/tasks.ts';
import type { User } from '../../shared/schemas/users.ts';
import { deliverDecision } from '../../shared/workflows/decisions.ts';

/** Whose tasks this user holds: the leadership's, or their section's (and, for its head, what falls to the head). */
const holdersOf = (user: User): string[] =>
  user.role === 'leader' ? [LEADERSHIP] : user.sectionId ? [user.sectionId, ...(user.sectionHead ? [sectionHeadOf(user.sectionId)] : [])] : [];

/** A task this user's section (or head) holds now, as the route read it; 404 for anything else, whether or not it exists. */
const heldTask = (user: User, taskId: string, item: StoredItem | undefined) => {
  const task = item ? taskOfItem(item) : undefined;
  const holder = holdersOf(user).find((h) => h === task?.sectionId);
  const subjectId = subjectOfTask(taskId);
  if (!task || !holder || !subjectId) throw new NotFoundError('No such task', '没有该审批事项');
  return { task, holder, subjectId };
};

/** Decisions older than this whose workflow has not taken them are sent again when the task is read. */
const RESEND_AFTER_MS = 30_000;

export const handler = apiHandler(tasksRoutes, {
  'GET /tasks': async (req) => {
    const holders = holdersOf(req.user);
    if (!holders.length) throw new ForbiddenError('Your user record names no section', '您的用户记录没有所属科室');
    const now = clock().now();
    // Each inbox is sorted by `<dueAt>#<taskId>`: `<now>` cuts before a task due this very
    // millisecond, `<end of today>#~` after every task due by then.
    const dueBefore =
      req.query.due === 'overdue' ? now.toISOString() : req.query.due === 'today' ? `${dueDateEnds(todayInShanghai(now)).toISOString()}#~` : undefined;
    const items = (await Promise.all(holders.map((h) => tasksRepo.inbox(h, dueBefore)))).flat().sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    const claimed = req.query.claimed;
    const wanted =
      claimed === 'mine' ? items.filter((t) => t.claimedBy === req.user.userId) : claimed === 'unclaimed' ? items.filter((t) => !t.claimedBy) : items;
    return { body: { items: wanted.map((t) => ({ ...t, overdue: isOverdue(t, now) })) } };
  },

  'GET /tasks/{taskId}': async (req) => {
    const task = req.prefetched.task ? taskOfItem(req.prefetched.task) : undefined;
    const holders = holdersOf(req.user);
    const concerned = task && holders.some((h) => task.sectionId === h || task.assignedTo === h || (task.timeouts ?? []).some((t) => t.holder === h));
    if (!task || !concerned) throw new NotFoundError('No such task', '没有该审批事项');
    // The next read of a decision the workflow has not taken sends it again.
    if (task.status === 'decided' && task.delivery === 'pending' && Date.parse(task.decidedAt ?? '') < clock().now().getTime() - RESEND_AFTER_MS) {
      await deliverDecision(task, actorOf(req));
      return { body: shownTask((await tasksRepo.get(task.taskId))!) };
    }
    return { body: shownTask(task) };
  },

  'POST /tasks/{taskId}/claim': async (req) => {
    const { task, holder, subjectId } = heldTask(req.user, req.params.taskId, req.prefetched.task);
    const after = await tasksRepo.change(task.taskId, subjectId, (before) => claimedTask({ holder, userId: req.user.userId }, before), actorOf(req), {
      task: req.prefetched.task,
      chainHead: req.prefetched.chainHead,
    });
    return { body: shownTask(after!) };
  },

  'POST /tasks/{taskId}/reassign': async (req) => {
    const { task, holder, subjectId } = heldTask(req.user, req.params.taskId, req.prefetched.task);
    // Only to an active person who holds the same section's tasks.
    const to = await usersRepo.get(req.body.userId);
    if (!to?.enabled || !holdersOf(to).includes(holder)) {
      throw new ValidationError([
        fieldIssue('body.userId', 'sameSection', 'must be an active person of the section that holds the task', '应为承办该事项科室的在岗人员'),
      ]);
    }
    const isHead = req.user.sectionHead === true && holder === req.user.sectionId;
    const after = await tasksRepo.change(
      task.taskId,
      subjectId,
      (before) => reassignedTask({ holder, userId: req.user.userId, isHead, to: to.userId, reason: req.body.reason }, before),
      actorOf(req),
      { task: req.prefetched.task, chainHead: req.prefetched.chainHead },
    );
    return { body: shownTask(after!) };
  },

  'POST /tasks/{taskId}/decision': async (req) => {
    const known = req.prefetched.task ? taskOfItem(req.prefetched.task) : undefined;
    const holders = holdersOf(req.user);
    // The user answers as the holder the task has now, if they are among its holders; else as their own section.
    const holder = holders.find((h) => h === known?.sectionId) ?? holders[0];
    const subjectId = subjectOfTask(req.params.taskId);
    if (!holder || !subjectId) throw new NotFoundError('No such task', '没有该审批事项');
    const actor = actorOf(req);
    const { decision, opinion, ...details } = req.body;
    // What the step's decision must carry (a matter's assessment and deliberation), checked before anything is recorded.
    if (known) {
      const matter = known.matterId && (known.step === 'assessment' || known.step === 'deliberation') ? await mattersRepo.get(known.matterId) : undefined;
      const issues = decisionIssues(known.step, decision, details, {
        important: matter?.important ?? false,
        today: todayInShanghai(),
        submittedOn: matter ? todayInShanghai(new Date(matter.revisedAt ?? matter.submittedAt)) : undefined,
      });
      if (issues.length) throw new ValidationError(issues);
    }
    let recorded: TaskRecord | undefined;
    try {
      // Recorded first: a second click, or a lost callback, is answered from this record. The
      // task and its plan's chain head were read with the user record (the route's prefetch).
      recorded = await tasksRepo.change(
        req.params.taskId,
        subjectId,
        (before) => {
          const change = decidedTask({ holder, userId: actor.userId, decision, opinion, details }, before);
          // A copy's receipt is tracked on the issued document too, in the same transaction.
          if (before?.step === 'copyReceipt' && before.matterId) {
            change.items = { receipt: copyReceiptUpdate(before.matterId, before.taskId, actor.userId, change.after.decidedAt!) };
          }
          return change;
        },
        actor,
        { task: req.prefetched.task, chainHead: req.prefetched.chainHead },
      );
    } catch (e) {
      // A second click on a decision the workflow has not taken yet sends it again.
      if (e instanceof ConflictError && e.code === 'ALREADY_DECIDED') {
        const task = await tasksRepo.get(req.params.taskId);
        if (task?.delivery === 'pending' && task.decidedBy === actor.userId) await deliverDecision(task, actor);
      }
      throw e;
    }
    const outcome = await deliverDecision(recorded!, actor);
    if (outcome === 'late') {
      const now = await tasksRepo.get(req.params.taskId);
      if (now?.status === 'withdrawn') throw taskClosed();
      throw stepTimedOut(now ?? recorded!, holder);
    }
    // Recorded either way; a callback that did not get through is sent again (202 says so).
    return { status: outcome === 'sent' ? 200 : 202, body: shownTask(recorded!) };
  },
});
