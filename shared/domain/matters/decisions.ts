/**
 * What a decision on each human step of a matter must carry (R-MAT-3): the lead's assessment
 * names the four dimensions, and an important matter's the expert review and risk assessment;
 * the deliberation names its meeting, and a return names the stage it goes back to. A plan's
 * steps take none of these. Issues name the field, so the clerk knows what to add.
 */
import { type FieldIssue, fieldIssue } from '../../errors.ts';

export const ASSESSMENT_DIMENSIONS = ['political', 'systemic', 'legal', 'reasonableness'] as const;
export const RETURN_STAGES = ['proposal', 'argumentation'] as const;

export interface DecisionDetails {
  attachments?: string[];
  meeting?: { date: string; ref: string };
  returnTo?: (typeof RETURN_STAGES)[number];
  assessment?: Record<(typeof ASSESSMENT_DIMENSIONS)[number], string>;
  expertReview?: string;
  riskAssessment?: string;
}

const EXTRAS = ['meeting', 'returnTo', 'assessment', 'expertReview', 'riskAssessment'] as const;

/** The extras each step takes (a plan's steps and a co-section's opinion take none). */
const TAKES: Record<string, readonly (typeof EXTRAS)[number][]> = {
  assessment: ['assessment', 'expertReview', 'riskAssessment'],
  deliberation: ['meeting', 'returnTo'],
};

export const decisionIssues = (
  step: string,
  decision: 'approve' | 'refuse' | 'return',
  details: DecisionDetails,
  ctx: { important: boolean; today: string; submittedOn?: string },
): FieldIssue[] => {
  // Attachments go with any decision; the rest only with the steps that take them.
  const takes = TAKES[step] ?? [];
  const issues: FieldIssue[] = EXTRAS.filter((f) => details[f] !== undefined && !takes.includes(f)).map((f) =>
    fieldIssue(`body.${f}`, 'notForStep', `the ${step} step does not take ${f}`, '该环节不填写此项'),
  );
  if (step === 'coOpinion' && decision === 'return') {
    issues.push(
      fieldIssue(
        'body.decision',
        'notAtThisStep',
        'a co-section agrees (approve) or disagrees (refuse) with its reasons; the lead section decides on a return',
        '协办科室出具同意或不同意的意见；是否退回由主办科室决定',
      ),
    );
  }
  if (step === 'copyReceipt' && decision !== 'approve') {
    issues.push(
      fieldIssue(
        'body.decision',
        'receiptOnly',
        'a copy is acknowledged with approve (received); raise a problem through the office instead',
        '抄送件以“收到”（approve）签收；如有问题请另行报告编办',
      ),
    );
  }
  if (step === 'assessment') {
    if (decision === 'refuse') {
      issues.push(
        fieldIssue(
          'body.decision',
          'notAtThisStep',
          'the lead section does not reject a matter: approve it for deliberation, or return it',
          '主办科室不作否决：提交审议，或退回补正',
        ),
      );
    }
    if (decision === 'approve') {
      if (!details.assessment)
        issues.push(
          fieldIssue(
            'body.assessment',
            'required',
            'the assessment on the political, systemic, legal and reasonableness dimensions',
            '须从政治性、系统性、合法性、合理性四个维度论证',
          ),
        );
      if (ctx.important) {
        for (const f of ['expertReview', 'riskAssessment'] as const) {
          if (!details[f]) issues.push(fieldIssue(`body.${f}`, 'requiredForImportant', 'required for an important matter', '重要事项须经专家论证和风险评估'));
        }
      }
    }
  }
  if (step === 'deliberation') {
    if (!details.meeting)
      issues.push(fieldIssue('body.meeting', 'required', 'the meeting that decided, with its date and reference', '须注明集体决策的会议及日期'));
    else if (details.meeting.date > ctx.today)
      issues.push(fieldIssue('body.meeting.date', 'future', `${details.meeting.date} is after today`, '会议日期晚于今天'));
    else if (ctx.submittedOn && details.meeting.date < ctx.submittedOn) {
      issues.push(
        fieldIssue(
          'body.meeting.date',
          'beforeSubmission',
          `${details.meeting.date} is before the matter was submitted (${ctx.submittedOn})`,
          `会议日期早于事项提交日期（${ctx.submittedOn}）`,
        ),
      );
    }
    if (decision === 'return' && !details.returnTo) {
      issues.push(fieldIssue('body.returnTo', 'required', 'the stage the matter goes back to: proposal or argumentation', '须注明退回至动议或论证环节'));
    }
    if (decision !== 'return' && details.returnTo)
      issues.push(fieldIssue('body.returnTo', 'onlyForReturn', 'only a return names a stage', '只有退回时才注明环节'));
  }
  return issues;
};
