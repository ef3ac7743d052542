/**
 * Personnel and finance (R-EXT-1, R-EXT-2): vacancies and the appointment check read the unit's
 * counters and the person's roster record; headcounts come from the counters (or, for a past
 * date, the history and the roster); payroll reconciliation holds an uploaded list against the
 * roster and stores nothing. Finance sees counts and masked IDs only.
 */

import { requireOrgOfItems } from '../../shared/data/org-read.ts';
import { plansRepo } from '../../shared/data/plans.ts';
import { personIdFor, registryRepo } from '../../shared/data/registry.ts';
import { scopeNamed, unitEstablishments, unitsOf } from '../../shared/data/statistics.ts';
import { appointmentCheck } from '../../shared/domain/external/appointment-check.ts';
import { type RosterEntry, readPayrollFile, reconcilePayroll } from '../../shared/domain/external/payroll.ts';
import { zeroCounts } from '../../shared/domain/registry/establishment.ts';
import { checkNationalId } from '../../shared/domain/registry/national-id.ts';
import { QUOTA_TYPES, type QuotaType } from '../../shared/domain/registry/rules.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { type FieldIssue, fieldIssue, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { apiHandler } from '../../shared/http/api-handler.ts';
import { logger } from '../../shared/log.ts';
import { mapLimited } from '../../shared/parallel.ts';
import { externalRoutes } from '../../shared/routes/external.ts';
import type { Organization } from '../../shared/schemas/registry.ts';

/** A past date is counted unit by unit from the history and the roster: one department's worth at a time. */
const MAX_UNITS_AS_AT = 200;
/** A payroll is one unit's or one department's: its roster is read unit by unit. */
const MAX_UNITS_PAYROLL = 200;

const sum = (r: Record<QuotaType, number>) => QUOTA_TYPES.reduce((n, t) => n + r[t], 0);

/** At most 100 issues in a reply (a sheet of IDs Excel stored as numbers has one a row), the rest counted in the last. */
const firstIssues = (issues: FieldIssue[]): FieldIssue[] =>
  issues.length <= 100
    ? issues
    : [
        ...issues.slice(0, 99),
        fieldIssue('file.rows', 'moreIssues', `and ${issues.length - 99} more of the same kinds`, `另有 ${issues.length - 99} 处同类问题`),
      ];

const tooMany = (path: string, n: number, max: number) =>
  new ValidationError([
    fieldIssue(path, 'tooManyUnits', `covers ${n} units; name a department of at most ${max}`, `涉及 ${n} 个单位，请指定不超过 ${max} 个单位的部门`),
  ]);

export const handler = apiHandler(externalRoutes, {
  'GET /personnel/organizations/{orgId}/vacancies': async (req) => {
    const found = requireOrgOfItems(req.prefetched.org, req.prefetched.counter, req.params.orgId);
    const today = todayInShanghai();
    const plans = await plansRepo.listByOrg(req.params.orgId, 100);
    const c = found.counter;
    return {
      body: {
        orgId: found.org.orgId,
        name: found.org.name,
        kind: found.org.kind,
        quota: c.quota,
        onRoll: c.onRoll,
        reserved: c.reserved,
        vacancy: c.vacancy,
        posts: { quota: c.postQuota ?? {}, used: c.postUsed ?? {}, vacancy: c.postVacancy ?? {} },
        approvedPlans: plans
          .filter((p) => p.status === 'approved' && p.notice && p.notice.validUntil >= today)
          .map((p) => ({
            planId: p.planId,
            quotaType: p.quotaType,
            channel: p.channel,
            noticeNumber: p.notice!.number,
            validUntil: p.notice!.validUntil,
            open: p.notice!.reserved - p.notice!.used - (p.notice!.released ?? 0),
          }))
          .filter((p) => p.open > 0),
      },
    };
  },

  'POST /personnel/appointment-checks': async (req) => {
    const { orgId, quotaType, grade, track, nationalId } = req.body;
    const issues = [];
    if (!quotaType && !grade)
      issues.push(
        fieldIssue(
          'body.quotaType',
          'required',
          'give the slot type to recruit into, or a post grade and track',
          '请填写拟进人的编制类型，或拟任职务的职级和类别',
        ),
      );
    if ((grade === undefined) !== (track === undefined)) {
      issues.push(
        fieldIssue(grade ? 'body.track' : 'body.grade', 'required', 'a post is named by its grade and its track together', '职务须同时填写职级和类别'),
      );
    }
    const id = nationalId === undefined ? undefined : checkNationalId(nationalId.trim().toUpperCase(), 'body.nationalId', todayInShanghai());
    if (id && !id.ok) issues.push(id.issue);
    if (issues.length) throw new ValidationError(issues);
    const [org, found] = await Promise.all([registryRepo.getOrg(orgId), id?.ok ? registryRepo.getPerson(personIdFor(id.value.id)) : undefined]);
    // Named but on no roster: a recruit is a newcomer; a post is refused (it is filled from the unit's roll).
    const person = id?.ok ? (found ?? null) : undefined;
    if (!org) throw new NotFoundError(`No organization ${orgId}`, `没有单位 ${orgId}`);
    const personOrg = person && person.orgId !== orgId ? await registryRepo.getOrg(person.orgId) : undefined;
    const answer = appointmentCheck(
      { kind: org.org.kind, civilServiceManaged: org.org.civilServiceManaged ?? false, status: org.org.status, counter: org.counter },
      { quotaType, grade, track },
      person
        ? { status: person.status, orgId: person.orgId, orgName: personOrg?.org.name, postGrade: person.postGrade, postTrack: person.postTrack }
        : undefined,
      orgId,
      person === null,
    );
    return { body: { orgId, name: org.org.name, ...answer } };
  },

  'GET /finance/headcount': async (req) => {
    const { orgId, asAt } = req.query;
    const today = todayInShanghai();
    if (asAt && !orgId)
      throw new ValidationError([fieldIssue('query.orgId', 'required', 'a past date is counted for one department: name it', '按历史日期统计须指定单位')]);
    if (asAt && asAt > today) throw new ValidationError([fieldIssue('query.asAt', 'future', `${asAt} is after today (${today})`, `${asAt} 晚于今天`)]);
    const { scope, nameZh } = await scopeNamed(orgId);
    let units: {
      orgId: string;
      name: string;
      kind: Organization['kind'];
      fundingForm: Organization['fundingForm'];
      quota: Record<QuotaType, number>;
      onRoll: Record<QuotaType, number>;
    }[];
    if (asAt && asAt < today) {
      const all = await unitsOf(scope, { abolishedToo: true });
      if (all.length > MAX_UNITS_AS_AT) throw tooMany('query.orgId', all.length, MAX_UNITS_AS_AT);
      const then = await mapLimited(all, 4, (u) => registryRepo.orgAsAt(u.orgId, asAt));
      units = then.flatMap((o) =>
        o?.establishment && o.status === 'active'
          ? [{ orgId: o.orgId, name: o.name, kind: o.kind, fundingForm: o.fundingForm, quota: o.establishment.quota, onRoll: o.establishment.onRoll }]
          : [],
      );
    } else {
      units = (await unitEstablishments(await unitsOf(scope))).map((u) => ({
        orgId: u.orgId,
        name: u.name,
        kind: u.kind,
        fundingForm: u.fundingForm,
        quota: u.quota,
        onRoll: u.onRoll,
      }));
    }
    const byFundingForm = { fullFunding: zeroCounts(), differentialFunding: zeroCounts(), selfFunding: zeroCounts() };
    for (const u of units) for (const t of QUOTA_TYPES) byFundingForm[u.fundingForm][t] += u.onRoll[t];
    const shown = units.map((u) => ({ ...u, total: sum(u.onRoll) }));
    return {
      body: { asAt: asAt ?? today, scope: { orgId: scope.orgId, nameZh }, units: shown, byFundingForm, total: shown.reduce((n, u) => n + u.total, 0) },
    };
  },

  'POST /finance/payroll-reconciliations': async (req) => {
    const { scope } = await scopeNamed(req.body.orgId);
    const units = await unitsOf(scope);
    if (units.length > MAX_UNITS_PAYROLL) throw tooMany('body.orgId', units.length, MAX_UNITS_PAYROLL);
    const read = await readPayrollFile(req.body.file.name, Buffer.from(req.body.file.contentBase64, 'base64'), todayInShanghai());
    // A bad cell is the file's fault: nothing is reconciled on a list read wrong. Paying someone twice is a finding.
    const faults = read.issues.filter((i) => i.rule !== 'duplicate');
    if (faults.length) throw new ValidationError(firstIssues(faults));
    const names = new Map(units.map((u) => [u.orgId, u.name]));
    const roster: RosterEntry[] = (await mapLimited(units, 4, (u) => registryRepo.rosterOf(u.orgId)))
      .flat()
      .filter((p) => p.status === 'onRoll')
      .map((p) => ({ personId: p.personId, orgId: p.orgId, orgName: names.get(p.orgId), name: p.name, nationalId: p.nationalId, quotaType: p.quotaType }));
    // A payroll is the unit's: far more rows than its roll is a list of guesses, not a payroll (each row would test an ID against the roster).
    const maxRows = roster.length + Math.max(50, Math.ceil(roster.length / 5));
    if (read.rows.length > maxRows) {
      throw new ValidationError([
        fieldIssue(
          'file.rows',
          'tooManyRows',
          `${read.rows.length} rows for a roster of ${roster.length}: at most ${maxRows}`,
          `发放名单 ${read.rows.length} 行，而名册在编 ${roster.length} 人，最多 ${maxRows} 行`,
        ),
      ]);
    }
    // Who held which payroll against which roster, for the office to see afterwards.
    logger.info('payroll reconciliation', { userId: req.user.userId, orgId: req.body.orgId, rows: read.rows.length, units: units.length });
    const result = reconcilePayroll(read.rows, roster);
    // Most of a unit's payroll is its roll. A list that mostly is not (one made-up row, or IDs
    // guessed) would only read out the roll's names, which finance does not see otherwise.
    if (result.matched * 2 < read.rows.length) {
      throw new ValidationError([
        fieldIssue(
          'file.rows',
          'notThisUnitsPayroll',
          `only ${result.matched} of the ${read.rows.length} people paid are on this unit's roll: is it this unit's payroll?`,
          `发放名单 ${read.rows.length} 人中只有 ${result.matched} 人在本单位在编名册中，请确认是否为本单位工资发放表`,
        ),
      ]);
    }
    const paidTwice = firstIssues(read.issues.filter((i) => i.rule === 'duplicate')).map(({ path, message, messageZh }) => ({ path, message, messageZh }));
    return { body: { orgId: req.body.orgId, ...(read.sheet ? { sheet: read.sheet } : {}), ...result, paidTwice } };
  },
});
