/**
 * A workflow's flow chart (业务办理流程图) drawn from its state machine definition itself, so the
 * picture a department sees can never drift from what runs: every top-level state is a box or is
 * folded into the box of the stage it serves (a label table says which), edges follow Next,
 * Choices, Default and Catch, and the main path runs top to bottom. Pure: layout and SVG text.
 *
 * The SVG is safe to open on its own: no scripts, no external fonts, images or links (the only
 * `url(…)` are the arrowheads' own `#` references), and every piece of text is escaped.
 */

/** The parts of an ASL (JSONPath) definition the chart reads. */
export interface AslState {
  Type: string;
  Resource?: string;
  Next?: string;
  Default?: string;
  Choices?: readonly { Next?: string }[];
  Catch?: readonly { ErrorEquals: readonly string[]; Next: string }[];
  Branches?: readonly unknown[];
}
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
}

/** A state's box: its Chinese and English names; or the state whose box it belongs in. */
export type StateLabel = { zh: string; en: string } | { foldInto: string };

export type NodeKind = 'human' | 'task' | 'parallel' | 'map' | 'choice' | 'pass' | 'wait' | 'end' | 'fail';
/** `failure`: a catch-all (States.ALL) Catch; `catch`: one for named errors (a timeout). */
export type EdgeKind = 'next' | 'catch' | 'failure';

export interface ChartNode {
  /** The name of the state the box is (states folded into it share it). */
  id: string;
  zh: string;
  en: string;
  kind: NodeKind;
  /** Row from the top (the main path is column 0), column left (negative) or right of it. */
  row: number;
  col: number;
}

export interface ChartEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** It leads back up the main path: a return to an earlier stage. */
  back: boolean;
}

export interface FlowChart {
  nodes: ChartNode[];
  edges: ChartEdge[];
  /** Every top-level state's box (its own, or the one it is folded into). */
  nodeOf: Record<string, string>;
  /** The boxes of the main path, top to bottom. */
  mainPath: string[];
}

const KINDS: Record<string, NodeKind> = {
  Task: 'task',
  Parallel: 'parallel',
  Map: 'map',
  Choice: 'choice',
  Pass: 'pass',
  Wait: 'wait',
  Succeed: 'end',
  Fail: 'fail',
};

const kindOf = (s: AslState): NodeKind => (s.Type === 'Task' && s.Resource?.endsWith('.waitForTaskToken') ? 'human' : (KINDS[s.Type] ?? 'task'));

const isLabel = (l: StateLabel | undefined): l is { zh: string; en: string } => !!l && 'zh' in l;

/** Where a state may go, in the order the definition gives. */
const exits = (s: AslState): { to: string; kind: EdgeKind }[] => [
  ...(s.Next ? [{ to: s.Next, kind: 'next' as const }] : []),
  ...(s.Choices ?? []).flatMap((c) => (c.Next ? [{ to: c.Next, kind: 'next' as const }] : [])),
  ...(s.Default ? [{ to: s.Default, kind: 'next' as const }] : []),
  ...(s.Catch ?? []).map((c) => ({ to: c.Next, kind: c.ErrorEquals.includes('States.ALL') ? ('failure' as const) : ('catch' as const) })),
];

/** The way on when all goes well: Next, or a Choice's first rule. */
const primaryNext = (s: AslState): string | undefined => s.Next ?? s.Choices?.[0]?.Next ?? s.Default;

const EDGE_RANK: Record<EdgeKind, number> = { next: 0, catch: 1, failure: 2 };

/**
 * The chart of a definition under a label table. Throws when a top-level state has no label or
 * the table names a state the definition lacks: a new state must be given its Chinese name
 * before the chart can be drawn.
 */
export const flowChartOf = (def: AslDefinition, labels: Readonly<Record<string, StateLabel>>): FlowChart => {
  const names = Object.keys(def.States);
  for (const name of Object.keys(labels)) if (!def.States[name]) throw new Error(`the label table names ${name}, which the definition does not have`);
  const nodeOf: Record<string, string> = {};
  for (const name of names) {
    const label = labels[name];
    if (!label) throw new Error(`state ${name} has no label`);
    const target = isLabel(label) ? name : label.foldInto;
    if (!isLabel(labels[target]) || !def.States[target]) throw new Error(`state ${name} is folded into ${target}, which is not a labelled state`);
    nodeOf[name] = target;
  }
  const ids = names.filter((n) => nodeOf[n] === n);

  const edgeMap = new Map<string, { from: string; to: string; kind: EdgeKind }>();
  for (const name of names) {
    for (const e of exits(def.States[name]!)) {
      const from = nodeOf[name]!;
      const to = nodeOf[e.to];
      if (!to) throw new Error(`state ${name} goes to ${e.to}, which the definition does not have`);
      if (from === to) continue;
      const key = `${from}>${to}`;
      const had = edgeMap.get(key);
      if (!had || EDGE_RANK[e.kind] < EDGE_RANK[had.kind]) edgeMap.set(key, { from, to, kind: e.kind });
    }
  }
  const edges = [...edgeMap.values()];

  // The main path: from the start, the way on when all goes well, through the states folded into each box.
  const mainPath: string[] = [nodeOf[def.StartAt]!];
  for (;;) {
    const at = mainPath.at(-1)!;
    let next: string | undefined;
    const seen = new Set<string>();
    for (let s: string | undefined = at; s && !seen.has(s); ) {
      seen.add(s);
      const t = primaryNext(def.States[s]!);
      if (!t) break;
      if (nodeOf[t] !== at) {
        next = nodeOf[t];
        break;
      }
      s = t;
    }
    if (!next || mainPath.includes(next)) break;
    mainPath.push(next);
  }

  // The other boxes beside the row of what leads to them: ends on the left, other steps on the
  // right, and the catch-all's target (reached from almost everywhere) at the bottom right.
  const place = new Map<string, { row: number; col: number }>(mainPath.map((id, row) => [id, { row, col: 0 }]));
  const taken = new Set(mainPath.map((_, row) => `${row},0`));
  const lastRow = mainPath.length - 1;
  const incoming = (id: string) => edges.filter((e) => e.to === id && e.from !== id);
  const failureOnly = (id: string) => incoming(id).length > 0 && incoming(id).every((e) => e.kind === 'failure');
  const pending = ids
    .filter((id) => !place.has(id))
    .map((id, order) => ({ id, order }))
    .sort((a, b) => Number(failureOnly(a.id)) - Number(failureOnly(b.id)) || incoming(a.id).length - incoming(b.id).length || a.order - b.order)
    .map((p) => p.id);
  while (pending.length) {
    const sourcesPlaced = (id: string, all: boolean) => {
      const from = incoming(id).map((e) => e.from);
      return all ? from.every((f) => place.has(f)) : from.some((f) => place.has(f));
    };
    const i = Math.max(0, [pending.findIndex((id) => sourcesPlaced(id, true)), pending.findIndex((id) => sourcesPlaced(id, false))].find((k) => k >= 0) ?? 0);
    const id = pending.splice(i, 1)[0]!;
    const rows = [
      ...new Set(
        incoming(id)
          .map((e) => place.get(e.from)?.row)
          .filter((r): r is number => r !== undefined),
      ),
    ].sort((a, b) => b - a);
    const first = failureOnly(id) ? lastRow : (rows[0] ?? 0);
    const all = Array.from({ length: lastRow + ids.length + 1 }, (_, r) => r);
    const candidates = [
      ...new Set([
        first,
        ...rows,
        ...all.filter((r) => r > first && r <= lastRow),
        ...all.filter((r) => r < first).reverse(),
        ...all.filter((r) => r > lastRow),
      ]),
    ];
    const side = failureOnly(id) || !['end', 'fail'].includes(kindOf(def.States[id]!)) ? 1 : -1;
    let spot: { row: number; col: number } | undefined;
    for (let dist = 1; !spot; dist++) {
      const row = candidates.find((r) => !taken.has(`${r},${side * dist}`));
      if (row !== undefined) spot = { row, col: side * dist };
    }
    place.set(id, spot);
    taken.add(`${spot.row},${spot.col}`);
  }

  const nodes = ids.map((id): ChartNode => {
    const label = labels[id] as { zh: string; en: string };
    return { id, zh: label.zh, en: label.en, kind: kindOf(def.States[id]!), ...place.get(id)! };
  });
  return {
    nodes,
    edges: edges.map((e) => ({ ...e, back: mainPath.includes(e.to) && place.get(e.to)!.row < place.get(e.from)!.row })),
    nodeOf,
    mainPath,
  };
};

/** The least of a workflow's history the chart and the timeline read: no input, output or token. */
export interface WorkflowEvent {
  at: string;
  /** The Step Functions HistoryEventType, e.g. TaskStateEntered. */
  type: string;
  /** The state entered or exited. */
  state?: string;
  /** The error name of a failure or timeout (never its cause, which may quote data). */
  error?: string;
}

export interface ChartMarks {
  /** Boxes the executions passed through. */
  visited: string[];
  /** Edges they took, as `from>to`. */
  taken: string[];
  /** Where the latest execution stands (or ended). */
  current?: string;
}

/** What the executions of one subject (its revisions, oldest first) passed through, and where the last one stands. */
export const marksOf = (chart: FlowChart, executions: readonly (readonly WorkflowEvent[])[]): ChartMarks => {
  const visited = new Set<string>();
  const taken = new Set<string>();
  const known = new Set(chart.edges.map((e) => `${e.from}>${e.to}`));
  let current: string | undefined;
  for (const events of executions) {
    let prev: string | undefined;
    current = undefined;
    for (const ev of events) {
      // Only top-level states: the steps inside a Parallel or a Map are part of its box.
      const node = ev.type.endsWith('StateEntered') && ev.state ? chart.nodeOf[ev.state] : undefined;
      if (!node) continue;
      visited.add(node);
      if (prev && prev !== node && known.has(`${prev}>${node}`)) taken.add(`${prev}>${node}`);
      prev = node;
      current = node;
    }
  }
  return { visited: [...visited], taken: [...taken], ...(current ? { current } : {}) };
};

/** Text made safe for XML: the five specials escaped, characters XML 1.0 cannot hold dropped. */
export const escapeXml = (s: string): string =>
  s
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

const KIND_ZH: Record<NodeKind, string> = {
  human: '人工办理',
  task: '系统处理',
  parallel: '并行审查',
  map: '逐一并行',
  choice: '判断',
  pass: '传递',
  wait: '等待',
  end: '办结',
  fail: '中止',
};

// Geometry: boxes, the gaps between them (where edges run, so an edge never crosses a box), margins.
const W = 188;
const H = 58;
const GX = 104;
const GY = 40;
const TOP = 96;
const LANE = 8;
const ROW_LANE = 7;
const RETURN_OFFSET = 14;

/** Width of a text in ems, roughly: a CJK character is one em, most Latin ones about half. */
const ems = (s: string) => [...s].reduce((n, ch) => n + (/[\u2E80-\uFFEF]/.test(ch) ? 1 : 0.56), 0);
const fontSizeFor = (s: string, px: number, max: number) => Math.max(8, Math.min(max, Math.floor(px / Math.max(1, ems(s)))));
const clip = (s: string, max: number) => ([...s].length > max ? `${[...s].slice(0, max - 1).join('')}…` : s);

interface Pt {
  x: number;
  y: number;
}

/**
 * The chart as SVG, marked: the boxes passed (class `visited`), where the subject stands (class
 * `current`) and the edges taken (class `taken`). `title` and `subtitle` are any text (escaped).
 */
export const renderFlowChart = (chart: FlowChart, marks: ChartMarks, text: { title: string; subtitle?: string }): string => {
  const cols = chart.nodes.map((n) => n.col);
  const minCol = Math.min(...cols);
  const maxCol = Math.max(...cols);
  const maxRow = Math.max(...chart.nodes.map((n) => n.row));
  const width = (maxCol - minCol + 1) * (W + GX) + GX;
  const legendTop = TOP + (maxRow + 1) * (H + GY) + GY;
  const height = legendTop + 64;
  const byId = new Map(chart.nodes.map((n) => [n.id, n]));
  const x = (col: number) => GX + (col - minCol) * (W + GX);
  const y = (row: number) => TOP + row * (H + GY);

  // Edges to the same box through the same gap share one lane: they join like a bus and end in one arrow.
  const lanes = new Map<string, number>();
  const laneOf = (key: string, group: string, capacity: number) => {
    if (!lanes.has(key)) {
      const used = [...lanes.keys()].filter((k) => k.startsWith(`${group}|`)).length;
      lanes.set(key, used % capacity);
    }
    return lanes.get(key)!;
  };
  // Gap g runs left of column g.
  const laneX = (g: number, key: string) => x(g) - GX + 16 + laneOf(`v${g}|${key}`, `v${g}`, Math.floor((GX - 32) / LANE)) * LANE;
  // Row gap r runs below row r.
  const laneY = (r: number, key: string) => y(r) + H + 9 + laneOf(`h${r}|${key}`, `h${r}`, Math.floor((GY - 16) / ROW_LANE)) * ROW_LANE;
  const offset: Record<EdgeKind, number> = { next: 0, catch: -13, failure: 15 };

  const route = (e: ChartEdge): Pt[] => {
    const a = byId.get(e.from)!;
    const b = byId.get(e.to)!;
    // A return leaves and enters below the middle, apart from the ends drawn on the same side.
    const dy = e.back ? RETURN_OFFSET : offset[e.kind];
    const ay = y(a.row) + H / 2 + dy;
    const by = y(b.row) + H / 2 + dy;
    if (a.col === b.col && b.row === a.row + 1) {
      return [
        { x: x(a.col) + W / 2, y: y(a.row) + H },
        { x: x(b.col) + W / 2, y: y(b.row) },
      ];
    }
    if (a.row === b.row && Math.abs(a.col - b.col) === 1) {
      const right = b.col > a.col;
      return [
        { x: x(a.col) + (right ? W : 0), y: ay },
        { x: x(b.col) + (right ? 0 : W), y: by },
      ];
    }
    // A failure in the main column runs down its right-hand gap; a return runs up its left-hand one.
    const exit = b.col > a.col ? 'right' : b.col < a.col ? 'left' : e.kind === 'failure' ? 'right' : 'left';
    const entry = b.col > a.col ? 'left' : b.col < a.col ? 'right' : exit;
    const ga = exit === 'right' ? a.col + 1 : a.col;
    const gb = entry === 'left' ? b.col : b.col + 1;
    const key = `${e.to}|${e.kind}`;
    const start = { x: x(a.col) + (exit === 'right' ? W : 0), y: ay };
    const end = { x: x(b.col) + (entry === 'right' ? W : 0), y: by };
    const xa = laneX(ga, key);
    if (ga === gb) return [start, { x: xa, y: ay }, { x: xa, y: by }, end];
    const r = b.row > a.row ? b.row - 1 : b.row;
    const yg = laneY(r, key);
    const xb = laneX(gb, key);
    return [start, { x: xa, y: ay }, { x: xa, y: yg }, { x: xb, y: yg }, { x: xb, y: by }, end];
  };

  const taken = new Set(marks.taken);
  const visited = new Set(marks.visited);
  const edgeSvg = chart.edges
    // Failures first, the main flow last: what matters most is drawn on top.
    .map((e) => ({ e, order: EDGE_RANK[e.kind] }))
    .sort((p, q) => q.order - p.order)
    .map(({ e }) => {
      const isTaken = taken.has(`${e.from}>${e.to}`);
      const cls = ['edge', `edge-${e.kind}`, ...(e.back ? ['edge-return'] : []), ...(isTaken ? ['taken'] : [])].join(' ');
      const marker = isTaken ? 'taken' : e.back && e.kind === 'next' ? 'return' : e.kind;
      const d = route(e)
        .map((p, i) => `${i ? 'L' : 'M'}${p.x} ${p.y}`)
        .join(' ');
      return `<path class="${cls}" data-from="${escapeXml(e.from)}" data-to="${escapeXml(e.to)}" d="${d}" marker-end="url(#arrow-${marker})"/>`;
    });

  const nodeSvg = chart.nodes.map((n) => {
    const cls = ['node', `kind-${n.kind}`, ...(visited.has(n.id) ? ['visited'] : []), ...(marks.current === n.id ? ['current'] : [])].join(' ');
    const nx = x(n.col);
    const ny = y(n.row);
    const zh = escapeXml(n.zh);
    const sub = `${KIND_ZH[n.kind]} · ${n.id}`;
    const rx = n.kind === 'end' || n.kind === 'fail' ? H / 2 : 6;
    return [
      `<g class="${cls}" data-state="${escapeXml(n.id)}">`,
      `<title>${zh}（${escapeXml(n.en)}）</title>`,
      `<rect x="${nx}" y="${ny}" width="${W}" height="${H}" rx="${rx}"/>`,
      `<text class="label" x="${nx + W / 2}" y="${ny + 25}" font-size="${fontSizeFor(n.zh, W - 20, 15)}">${zh}</text>`,
      `<text class="sub" x="${nx + W / 2}" y="${ny + 45}" font-size="${fontSizeFor(sub, W - 20, 11)}">${escapeXml(sub)}</text>`,
      '</g>',
    ].join('');
  });

  const current = marks.current ? byId.get(marks.current) : undefined;
  const where = current ? `当前位置：${current.zh}` : '尚无流程记录';
  const subtitle = text.subtitle ? `${clip(text.subtitle, 48)} · ${where}` : where;
  const legend = [
    ['current', '当前位置'],
    ['visited', '已经过'],
    ['', '未到达'],
  ]
    .map(([cls, zh], i) => {
      const lx = GX + i * 120;
      return `<g class="swatch ${cls}"><rect x="${lx}" y="${legendTop}" width="22" height="16" rx="3"/></g><text class="legend" x="${lx + 30}" y="${legendTop + 13}">${zh}</text>`;
    })
    .concat(
      [
        ['next', '下一步'],
        ['return', '退回'],
        ['catch', '逾期转办'],
        ['failure', '出错'],
        ['taken', '已走路径'],
      ].map(([kind, zh], i) => {
        const lx = GX + i * 120;
        const ly = legendTop + 38;
        const cls = kind === 'taken' ? 'edge edge-next taken' : kind === 'return' ? 'edge edge-next edge-return' : `edge edge-${kind}`;
        return `<path class="${cls}" d="M${lx} ${ly} L${lx + 24} ${ly}" marker-end="url(#arrow-${kind})"/><text class="legend" x="${lx + 32}" y="${ly + 4}">${zh}</text>`;
      }),
    );

  const arrow = (id: string, color: string) =>
    `<marker id="arrow-${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="${color}"/></marker>`;
  const style = [
    "svg{font-family:'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC',sans-serif}",
    '.title{font-size:20px;font-weight:600;fill:#1f2937}',
    '.subtitle{font-size:13px;fill:#4b5563}',
    '.legend{font-size:12px;fill:#4b5563}',
    '.node rect,.swatch rect{fill:#ffffff;stroke:#9ca3af;stroke-width:1.2}',
    '.node .label{text-anchor:middle;fill:#111827;font-weight:600}',
    '.node .sub{text-anchor:middle;fill:#6b7280}',
    '.node.kind-human rect{stroke:#2563eb}',
    '.node.kind-end rect,.node.kind-fail rect{stroke-dasharray:4 3}',
    '.node.visited rect,.swatch.visited rect{fill:#dbeafe;stroke:#1d4ed8}',
    '.node.current rect,.swatch.current rect{fill:#fef3c7;stroke:#d97706;stroke-width:3.5}',
    '.node.current .label{fill:#92400e}',
    '.edge{fill:none;stroke:#6b7280;stroke-width:1.4}',
    '.edge-return{stroke:#7c3aed;stroke-dasharray:6 3}',
    '.edge-catch{stroke:#d97706;stroke-dasharray:5 3}',
    '.edge-failure{stroke:#d1d5db;stroke-width:1;stroke-dasharray:2 3}',
    '.edge.taken{stroke:#1d4ed8;stroke-width:2.6;stroke-dasharray:none}',
  ].join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title">`,
    `<title id="chart-title">${escapeXml(text.title)} · ${escapeXml(subtitle)}</title>`,
    `<style>${style}</style>`,
    `<defs>${arrow('next', '#6b7280')}${arrow('return', '#7c3aed')}${arrow('catch', '#d97706')}${arrow('failure', '#d1d5db')}${arrow('taken', '#1d4ed8')}</defs>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text class="title" x="${GX}" y="36">${escapeXml(clip(text.title, 60))}</text>`,
    `<text class="subtitle" x="${GX}" y="62">${escapeXml(subtitle)}</text>`,
    `<g class="edges">${edgeSvg.join('')}</g>`,
    `<g class="nodes">${nodeSvg.join('')}</g>`,
    `<g class="legend-items">${legend.join('')}</g>`,
    '</svg>',
  ].join('\n');
};
