/**
 * A deterministic demo city for the embedded host: departments, their public institutions and
 * a real-name roster with valid USCCs and national IDs, some units at or near quota, some heads
 * newly appointed. It is written as the two CSV files an office would export and loaded through
 * the import path, so a newcomer's first start exercises the real thing.
 */
import { nationalIdCheckChar } from '../../shared/domain/registry/national-id.ts';
import { orgCodeCheckChar, usccCheckChar } from '../../shared/domain/registry/uscc.ts';
import type { ImportProgress } from '../../shared/import/progress.ts';

export type CitySize = 'full' | 'small';
export interface CityShape {
  departments: number;
  institutions: number;
  people: number;
}
const SIZES: Record<CitySize, CityShape> = {
  full: { departments: 60, institutions: 400, people: 15_000 },
  small: { departments: 4, institutions: 12, people: 300 },
};

/** mulberry32: a small seeded generator, so the same seed makes the same city. */
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const DEPARTMENTS = [
  '市教育局',
  '市财政局',
  '市卫生健康委员会',
  '市民政局',
  '市司法局',
  '市人力资源和社会保障局',
  '市自然资源和规划局',
  '市生态环境局',
  '市住房和城乡建设局',
  '市交通运输局',
  '市水利和湖泊局',
  '市农业农村局',
  '市商务局',
  '市文化和旅游局',
  '市退役军人事务局',
  '市应急管理局',
  '市审计局',
  '市市场监督管理局',
  '市统计局',
  '市医疗保障局',
  '市林业局',
  '市城市管理执法委员会',
  '市发展和改革委员会',
  '市经济和信息化局',
  '市科学技术局',
  '市公安局',
  '市国有资产监督管理委员会',
  '市地方金融工作局',
  '市政务服务和大数据管理局',
  '市信访局',
  '市机关事务服务中心',
  '市档案馆',
  '市粮食和物资储备局',
  '市体育局',
  '市乡村振兴局',
  '市人民防空办公室',
  '市地震局',
  '市气象局',
  '市供销合作社',
  '市总工会',
  '共青团咸宁市委',
  '市妇女联合会',
  '市科学技术协会',
  '市文学艺术界联合会',
  '市残疾人联合会',
  '市工商业联合会',
  '市红十字会',
  '市归国华侨联合会',
  '市社会科学界联合会',
  '市委办公室',
  '市委组织部',
  '市委宣传部',
  '市委统战部',
  '市委政法委员会',
  '市委政策研究室',
  '市委机构编制委员会办公室',
  '市委网络安全和信息化委员会办公室',
  '市委老干部局',
  '市委党校',
  '市直机关工作委员会',
];
const MASS = new Set([
  '市总工会',
  '共青团咸宁市委',
  '市妇女联合会',
  '市科学技术协会',
  '市文学艺术界联合会',
  '市残疾人联合会',
  '市工商业联合会',
  '市红十字会',
  '市归国华侨联合会',
  '市社会科学界联合会',
]);
const INSTITUTION_KINDS = ['服务中心', '事务中心', '监测站', '研究院', '信息中心', '培训中心', '保障中心', '发展中心', '检验检测中心', '综合执法支队'];
const SURNAMES =
  '王李张刘陈杨黄赵周吴徐孙马胡朱郭何罗高林郑梁谢宋唐许邓韩冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲建国文辉鹏飞斌宇浩凯秀兰丹宁波婷雪琳晨阳欣怡梓涵子轩一诺思远佳慧俊杰志强海燕春梅';
const MINORITY = ['阿依古丽·买买提', '热依拉·阿不都', '扎西·次仁', '巴特尔·乌力吉'];
const RARE = ['王𬌗', '李𬭚', '张䶮'];
const REGIONS = ['421202', '421221', '421222', '421223', '421224', '421281'];

const csv = (rows: (string | number)[][]): Buffer =>
  Buffer.from(
    `\uFEFF${rows.map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replaceAll('"', '""')}"` : String(c))).join(',')).join('\r\n')}\r\n`,
    'utf8',
  );

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The units the README's walkthrough uses (demo-department acts for d001), the same in every
 * city size and with room for a plan: d001 is a 机关 with vacant 行政编制 (its plans go to the
 * organs section), d001-i01 an institution with vacant 事业编制 (the institutions section).
 * Their people come from their own generator, so they do not depend on the size either.
 */
interface FixedUnit {
  name: string;
  kind: string;
  funding: string;
  uscc: number;
  head: string;
  /** Days before the anchor (a head newly in office), or a date. */
  headSince: number | string;
  document: string;
  effective: string;
  quota: Record<string, number>;
  onRoll: Record<string, number>;
}
const WALKTHROUGH_UNITS: Record<string, FixedUnit> = {
  d001: {
    name: '市教育局',
    kind: '机关',
    funding: '全额拨款',
    uscc: 1000,
    head: '王建国',
    headSince: 10,
    document: '咸编发〔2019〕1号',
    effective: '2019-01-15',
    quota: { 行政编制: 30, 工勤编制: 3 },
    onRoll: { 行政编制: 24, 工勤编制: 2 },
  },
  'd001-i01': {
    name: '咸宁市教育局服务中心1',
    kind: '事业单位',
    funding: '全额拨款',
    uscc: 9001,
    head: '李秀英',
    headSince: '2022-03-01',
    document: '咸编发〔2021〕12号',
    effective: '2021-06-15',
    quota: { 事业编制: 20, 工勤编制: 1 },
    onRoll: { 事业编制: 16, 工勤编制: 1 },
  },
};

const uscc = (category: string, n: number) => {
  const body = pad(n, 8);
  const first17 = `1${category}421200${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
};

/**
 * `anchor` is the office's date when the city was first generated; heads appointed in the last
 * month are dated from it, and it is kept, so a restart regenerates exactly the same files.
 */
export const generateDemoCity = (
  size: CitySize | CityShape,
  anchor: string,
): { organizations: Buffer; people: Buffer; counts: { organizations: number; people: number } } => {
  const s = typeof size === 'string' ? SIZES[size] : size;
  const generator = (seed: number) => {
    const rand = rng(seed);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    const pick = <T>(xs: readonly T[] | string): T => xs[Math.floor(rand() * xs.length)] as T;
    const personName = (i: number) =>
      i % 997 === 0 ? pick(MINORITY) : i % 1499 === 0 ? pick(RARE) : `${pick(SURNAMES)}${pick(GIVEN)}${rand() < 0.6 ? pick(GIVEN) : ''}`;
    return { rand, int, pick, personName };
  };
  const city = generator(421200);
  const { rand, int, pick, personName } = city;
  const headSince = (i: number) => (i % 9 === 0 ? addDays(anchor, -int(3, 25)) : `20${pad(int(18, 25), 2)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`);

  type Org = { id: string; name: string; kind: string; parent: string; funding: string; csm: string; uscc: string; quota: Record<string, number> };
  const orgs: Org[] = [];
  let codeNo = 1000;
  for (let d = 0; d < s.departments; d++) {
    const name = DEPARTMENTS[d % DEPARTMENTS.length]! + (d >= DEPARTMENTS.length ? `（${Math.floor(d / DEPARTMENTS.length) + 1}）` : '');
    const mass = MASS.has(DEPARTMENTS[d % DEPARTMENTS.length]!);
    orgs.push({
      id: `d${pad(d + 1, 3)}`,
      name,
      kind: mass ? '群团机关' : '机关',
      parent: '',
      funding: '全额拨款',
      csm: '否',
      uscc: uscc(mass ? '3' : '1', codeNo++),
      quota: { 行政编制: int(12, 45), 工勤编制: int(1, 4) },
    });
  }
  for (let i = 0; i < s.institutions; i++) {
    const dept = orgs[i % s.departments]!;
    const csm = rand() < 0.1;
    orgs.push({
      id: `${dept.id}-i${pad(Math.floor(i / s.departments) + 1, 2)}`,
      name: `${dept.name.replace(/^市/, '咸宁市')}${pick(INSTITUTION_KINDS)}${Math.floor(i / s.departments) + 1}`,
      kind: '事业单位',
      parent: dept.id,
      funding: pick(['全额拨款', '全额拨款', '差额拨款', '自收自支']),
      csm: csm ? '是' : '否',
      uscc: uscc('2', codeNo++),
      quota: { [csm ? '参公事业编制' : '事业编制']: int(10, 48), 工勤编制: int(0, 3) },
    });
  }
  // Scale quotas so the whole city holds the people with some room: most units 85–100% full.
  const slots = orgs.flatMap((o) => Object.entries(o.quota).flatMap(([type, n]) => Array.from({ length: n }, () => ({ org: o, type }))));
  const factor = s.people / 0.92 / slots.length;
  for (const o of orgs) for (const t of Object.keys(o.quota)) o.quota[t] = Math.max(1, Math.round(o.quota[t]! * factor));
  const fixed = generator(1);
  for (const o of orgs) {
    const unit = WALKTHROUGH_UNITS[o.id];
    if (unit)
      Object.assign(o, {
        name: unit.name,
        kind: unit.kind,
        funding: unit.funding,
        csm: '否',
        uscc: uscc(unit.kind === '机关' ? '1' : '2', unit.uscc),
        quota: { ...unit.quota },
      });
  }

  const people: (string | number)[][] = [['身份证号', '姓名', '单位代码', '编制类型', '岗位', '入编时间']];
  const used = new Set<string>();
  let n = 0;
  const addPerson = (g: ReturnType<typeof generator>, orgId: string, type: string) => {
    const male = g.rand() < 0.55;
    const year = g.int(1978, 2000);
    const birth = `${year}-${pad(g.int(1, 12), 2)}-${pad(g.int(1, 28), 2)}`;
    let id = '';
    do {
      let seq = g.int(0, 999);
      if ((seq % 2 === 1) !== male) seq = (seq + 1) % 1000;
      const first17 = `${g.pick(REGIONS)}${birth.replaceAll('-', '')}${pad(seq, 3)}`;
      id = first17 + nationalIdCheckChar(first17);
    } while (used.has(id));
    used.add(id);
    const since = addDays(birth, 365 * g.int(22, 30) + g.int(0, 300));
    people.push([
      id,
      g.personName(n),
      orgId,
      type,
      type === '工勤编制' ? '工勤人员' : g.pick(['科员', '副科长', '科长', '专业技术人员', '管理人员']),
      since < '2025-12-31' ? since : '2025-12-31',
    ]);
    n++;
  };
  for (const [orgId, unit] of Object.entries(WALKTHROUGH_UNITS)) {
    if (!orgs.some((o) => o.id === orgId)) continue;
    for (const [type, count] of Object.entries(unit.onRoll)) for (let i = 0; i < count; i++) addPerson(fixed, orgId, type);
  }
  const fill = orgs.flatMap((o, oi) => {
    const ratio = oi % 7 === 0 ? 1 : 0.85 + rand() * 0.13;
    if (WALKTHROUGH_UNITS[o.id]) return [];
    return Object.entries(o.quota).flatMap(([type, q]) => Array.from({ length: Math.min(q, Math.round(q * ratio)) }, () => ({ o, type })));
  });
  for (const { o, type } of fill) {
    if (n >= s.people) break;
    addPerson(city, o.id, type);
  }

  const orgRows: (string | number)[][] = [
    [
      '单位代码',
      '单位名称',
      '单位类型',
      '上级单位代码',
      '经费形式',
      '参公管理',
      '统一社会信用代码',
      '法人登记状态',
      '主要负责人',
      '任职时间',
      '行政编制',
      '事业编制',
      '参公事业编制',
      '工勤编制',
      '批准文号',
      '生效日期',
    ],
    ...orgs.map((o, i) => {
      // Drawn for every unit, fixed ones included, so what the others draw does not depend on which are fixed.
      const drawn = {
        head: personName(100_000 + i),
        since: headSince(i),
        document: `咸编发〔${2019 + (i % 6)}〕${(i % 90) + 1}号`,
        effective: `${2019 + (i % 6)}-0${(i % 9) + 1}-15`,
      };
      const unit = WALKTHROUGH_UNITS[o.id];
      const fixedSince = unit && (typeof unit.headSince === 'number' ? addDays(anchor, -unit.headSince) : unit.headSince);
      return [
        o.id,
        o.name,
        o.kind,
        o.parent,
        o.funding,
        o.csm,
        o.uscc,
        o.kind === '事业单位' ? '已登记' : '无需登记',
        unit?.head ?? drawn.head,
        fixedSince ?? drawn.since,
        o.quota.行政编制 ?? 0,
        o.quota.事业编制 ?? 0,
        o.quota.参公事业编制 ?? 0,
        o.quota.工勤编制 ?? 0,
        unit?.document ?? drawn.document,
        unit?.effective ?? drawn.effective,
      ];
    }),
  ];
  return { organizations: csv(orgRows), people: csv(people), counts: { organizations: orgs.length, people: people.length - 1 } };
};

/**
 * Loads the demo city on the first start of an empty registry, through the import path. A
 * marker keeps the date it was generated on, so a start interrupted half-way regenerates the
 * same files and the import resumes instead of starting over.
 */
export const loadDemoCity = async (
  size: CitySize,
  log: (line: string) => void = () => undefined,
  onProgress?: (p: ImportProgress) => void,
): Promise<'loaded' | 'present' | 'skipped'> => {
  const { GetCommand, PutCommand } = await import('@aws-sdk/lib-dynamodb');
  const { ddb } = await import('../../shared/data/ddb.ts');
  const { config } = await import('../../shared/config.ts');
  const { registryRepo } = await import('../../shared/data/registry.ts');
  const { importFiles } = await import('../../shared/import/run-import.ts');
  const { todayInShanghai } = await import('../../shared/domain/today.ts');
  const table = config.tableName('config');
  const { keys } = await import('../../shared/data/keys.ts');
  const key = keys.demoCity;
  const marker = (await ddb().send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
  if (marker?.state === 'loaded') return 'present';
  if (!marker && !(await registryRepo.isEmpty())) return 'skipped';
  const anchor: string = marker?.anchor ?? todayInShanghai();
  if (!marker) await ddb().send(new PutCommand({ TableName: table, Item: { ...key, state: 'loading', anchor, size } }));
  const city = generateDemoCity(marker?.size ?? size, anchor);
  log(`demo city: loading ${city.counts.organizations} organizations and ${city.counts.people} people (first start only)`);
  const started = Date.now();
  const report = await importFiles(
    [
      { name: 'demo-organizations.csv', content: city.organizations },
      { name: 'demo-people.csv', content: city.people },
    ],
    { actor: { userId: 'demo-loader', role: 'officeAdmin', requestId: 'demo-city' }, onProgress },
  );
  if (report.issues.length) throw new Error(`The demo city did not import cleanly: ${JSON.stringify(report.issues.slice(0, 3))}`);
  await ddb().send(new PutCommand({ TableName: table, Item: { ...key, state: 'loaded', anchor, size: marker?.size ?? size, importId: report.importId } }));
  log(`demo city: ${city.counts.organizations} organizations, ${city.counts.people} people imported in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 'loaded';
};
