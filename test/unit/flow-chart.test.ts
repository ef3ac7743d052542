/**
 * The 业务办理流程图 drawn from the matter workflow's own definition: every state has a box or is
 * folded into one, edges are exactly the definition's transitions, the main path runs down the
 * middle, the history marks where a matter went and stands, and the SVG is escaped and self-contained.
 */
import { describe, expect, it } from 'vitest';
import { type AslDefinition, escapeXml, flowChartOf, marksOf, renderFlowChart, type WorkflowEvent } from '../../shared/domain/flow-chart.ts';
import { MATTER_STATE_LABELS } from '../../shared/domain/matters/flow.ts';
import definition from '../../statemachines/matter-approval.asl.json' with { type: 'json' };

const def = definition as AslDefinition;
const chart = flowChartOf(def, MATTER_STATE_LABELS);
const ev = (type: string, state?: string): WorkflowEvent => ({ at: '2026-11-30T02:00:00.000Z', type, ...(state ? { state } : {}) });
const entered = (...states: string[]) => states.map((s) => ev('TaskStateEntered', s));

/** Whether every element opened is closed in order (the SVG is well-formed XML, as far as tags go). */
const balanced = (svg: string) => {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    if (m[3]) continue;
    if (!m[1]) stack.push(m[2]!);
    else if (stack.pop() !== m[2]) return false;
  }
  return stack.length === 0;
};

describe('the flow chart of statemachines/matter-approval.asl.json', () => {
  it('gives every top-level state a box of its own or folds it into a labelled one', () => {
    const states = Object.keys(def.States);
    expect(Object.keys(chart.nodeOf).sort()).toEqual([...states].sort());
    const own = states.filter((s) => 'zh' in MATTER_STATE_LABELS[s]!);
    expect(chart.nodes.map((n) => n.id).sort()).toEqual(own.sort());
    for (const s of states)
      expect(
        chart.nodes.map((n) => n.id),
        s,
      ).toContain(chart.nodeOf[s]);
    for (const n of chart.nodes) expect(n.zh).toMatch(/\p{Script=Han}/u);
    expect(chart.nodeOf.EnterProposal).toBe('Proposal');
    expect(chart.nodeOf.RecordArgumentation).toBe('LeadAssessment');
    // Inner states of the Parallel and the Map are part of their box, not boxes of their own.
    expect(chart.nodeOf.AwaitOpinion).toBeUndefined();
    expect(chart.nodeOf.SupervisionCheck).toBeUndefined();
  });

  it('draws exactly the transitions of Next, Choices, Default and Catch between boxes', () => {
    const expected = new Set<string>();
    for (const [name, s] of Object.entries(def.States)) {
      const targets = [s.Next, ...(s.Choices ?? []).map((c) => c.Next), s.Default, ...(s.Catch ?? []).map((c) => c.Next)].filter((t): t is string => !!t);
      for (const t of targets) if (chart.nodeOf[name] !== chart.nodeOf[t]) expected.add(`${chart.nodeOf[name]}>${chart.nodeOf[t]}`);
    }
    expect(new Set(chart.edges.map((e) => `${e.from}>${e.to}`))).toEqual(expected);
    const kind = (k: string) => chart.edges.find((e) => `${e.from}>${e.to}` === k)?.kind;
    expect(kind('Proposal>CoSectionOpinions')).toBe('next');
    expect(kind('Proposal>ProposalEscalated')).toBe('catch');
    expect(kind('Proposal>StepFailed')).toBe('failure');
    expect(kind('Deliberation>Rejected')).toBe('next');
    expect(
      chart.edges
        .filter((e) => e.back)
        .map((e) => `${e.from}>${e.to}`)
        .sort(),
    ).toEqual([
      'Deliberation>CoSectionOpinions',
      'Deliberation>Proposal',
      // The head's box of an overdue deliberation sits below it, as the leadership's boxes do below their stages.
      'DeliberationEscalated>Deliberation',
      // The leadership's box sits beside the head's, below its stage's row: its decision goes back up into the stage.
      'LeadAssessmentToLeadership>LeadAssessment',
      'ProposalToLeadership>Proposal',
    ]);
  });

  it('lays the main path out top to bottom in one column, every other box beside it in a cell of its own', () => {
    expect(chart.mainPath).toEqual(['JointPreReview', 'Proposal', 'CoSectionOpinions', 'LeadAssessment', 'Deliberation', 'Issue', 'Issued']);
    chart.mainPath.forEach((id, row) => {
      expect(chart.nodes.find((n) => n.id === id)).toMatchObject({ row, col: 0 });
    });
    const cells = chart.nodes.map((n) => `${n.row},${n.col}`);
    expect(new Set(cells).size).toBe(cells.length);
    const at = (id: string) => chart.nodes.find((n) => n.id === id)!;
    // Ends on the left, escalations on the right of the step they come from.
    for (const end of ['Refused', 'Rejected', 'Returned', 'RefusedAtPreReview']) expect(at(end).col, end).toBeLessThan(0);
    expect(at('ProposalEscalated')).toMatchObject({ row: at('Proposal').row, col: 1 });
    expect(at('Rejected').row).toBe(at('Deliberation').row);
  });

  it('refuses a definition with a state that has no Chinese name, and a table naming a state that is gone', () => {
    const added = { ...def, States: { ...def.States, Archive: { Type: 'Pass', End: true } } } as AslDefinition;
    expect(() => flowChartOf(added, MATTER_STATE_LABELS)).toThrow(/Archive has no label/);
    expect(() => flowChartOf(def, { ...MATTER_STATE_LABELS, Gone: { zh: '已删', en: 'Gone' } })).toThrow(/Gone/);
    expect(() => flowChartOf(def, { ...MATTER_STATE_LABELS, Issue: { foldInto: 'RecordProposal' } })).toThrow(/not a labelled state/);
  });
});

describe('marks from the history', () => {
  it('marks the boxes passed, the edges taken and where the matter stands, from top-level states only', () => {
    const marks = marksOf(chart, [
      [
        ev('ExecutionStarted'),
        ev('ParallelStateEntered', 'JointPreReview'),
        ev('TaskStateEntered', 'SupervisionCheck'),
        ...entered('RecordPreReview'),
        ev('ChoiceStateEntered', 'PreReviewOutcome'),
        ...entered('EnterProposal', 'Proposal', 'ProposalTaken', 'RecordProposal'),
        ev('ChoiceStateEntered', 'AfterProposal'),
        ...entered('EnterArgumentation'),
        ev('MapStateEntered', 'CoSectionOpinions'),
        ...entered('AwaitOpinion', 'OpinionTaken', 'LeadAssessment'),
      ],
    ]);
    expect(marks.visited.sort()).toEqual(['CoSectionOpinions', 'JointPreReview', 'LeadAssessment', 'Proposal']);
    expect(marks.taken.sort()).toEqual(['CoSectionOpinions>LeadAssessment', 'JointPreReview>Proposal', 'Proposal>CoSectionOpinions']);
    expect(marks.current).toBe('LeadAssessment');
  });

  it('takes the path of every revision and the position of the latest, and has none without a history', () => {
    const first = [ev('ParallelStateEntered', 'JointPreReview'), ...entered('Proposal', 'RecordProposal'), ev('SucceedStateEntered', 'Returned')];
    const second = [ev('ParallelStateEntered', 'JointPreReview'), ...entered('Proposal')];
    const marks = marksOf(chart, [first, second]);
    expect(marks.visited).toContain('Returned');
    expect(marks.taken).toContain('Proposal>Returned');
    expect(marks.current).toBe('Proposal');
    expect(marksOf(chart, [[]])).toEqual({ visited: [], taken: [] });
  });
});

describe('the SVG', () => {
  const marks = marksOf(chart, [[ev('ParallelStateEntered', 'JointPreReview'), ...entered('EnterProposal', 'Proposal')]]);
  const svg = renderFlowChart(chart, marks, { title: '业务办理流程图 · 增加编制', subtitle: '关于<script>alert("x")</script>&“增编”的请示' });
  const nodeGroups = [...svg.matchAll(/<g class="(node [^"]*)" data-state="([^"]+)">/g)].map((m) => ({ cls: m[1]!.split(' '), state: m[2]! }));

  it('draws a box per state with its Chinese name, the current one with a class of its own', () => {
    expect(nodeGroups.map((g) => g.state).sort()).toEqual(chart.nodes.map((n) => n.id).sort());
    for (const n of chart.nodes) expect(svg).toContain(`>${escapeXml(n.zh)}</text>`);
    for (const zh of ['前置审查', '动议', '会签（协办科室意见）', '论证（主办科室）', '审议决定', '发文', '退回补正', '不予受理', '不予批准', '已批复']) {
      expect(svg).toContain(zh);
    }
    expect(nodeGroups.filter((g) => g.cls.includes('current')).map((g) => g.state)).toEqual(['Proposal']);
    expect(nodeGroups.filter((g) => g.cls.includes('visited')).map((g) => g.state)).toEqual(['JointPreReview', 'Proposal']);
    expect(svg).toContain('当前位置：动议');
    expect(svg).toMatch(/<path class="edge edge-next taken" data-from="JointPreReview" data-to="Proposal"/);
    expect(svg.match(/<path class="edge[^"]*"[^>]*data-from/g)).toHaveLength(chart.edges.length);
  });

  it('escapes every text and is well-formed', () => {
    expect(svg).not.toContain('<script');
    expect(svg).toContain('关于&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;“增编”的请示');
    expect(balanced(svg)).toBe(true);
    expect(escapeXml(`a\u0000b\u001Fc\uD800d'<&>"`)).toBe('abcd&apos;&lt;&amp;&gt;&quot;');
    expect(escapeXml('𠀀明')).toBe('𠀀明');
  });

  it('loads nothing from outside: no links, images, scripts or fonts, only its own arrowheads', () => {
    expect(svg).not.toMatch(/href|<image|<script|<foreignObject|@import|@font-face|javascript:/i);
    expect([...svg.matchAll(/url\(([^)]*)\)/g)].every((m) => m[1]!.startsWith('#arrow-'))).toBe(true);
    expect(svg.match(/https?:\/\/[^"]*/g)).toEqual(['http://www.w3.org/2000/svg']);
    const [, w, h] = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg)!;
    for (const size of [Number(w), Number(h)]) {
      expect(size).toBeGreaterThan(400);
      expect(size).toBeLessThan(2000);
    }
  });
});
