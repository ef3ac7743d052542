/**
 * Statistics and spreadsheet exports (R-EXT-4). Every figure comes from the units' counters and
 * the indexes of open matters, ledger items, letters and warnings; a department sees its own.
 */
import { requireOrgOfItems } from '../../shared/data/org-read.ts';
import { registryRepo } from '../../shared/data/registry.ts';
import {
  blockingLettersOf,
  openLedgerItemsOf,
  openMattersOf,
  openWarningsOf,
  type StatisticsScope,
  scopeNamed,
  unitEstablishments,
  unitsOf,
} from '../../shared/data/statistics.ts';
import { establishmentStatistics } from '../../shared/domain/statistics/establishment.ts';
import { matterStatistics } from '../../shared/domain/statistics/matters.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { ForbiddenError } from '../../shared/errors.ts';
import { ledgerBook, rosterBook, statisticsBook } from '../../shared/exports/workbooks.ts';
import { writeXlsx, type XlsxBook } from '../../shared/exports/xlsx-writer.ts';
import { apiHandler } from '../../shared/http/api-handler.ts';
import { attachmentHeaders } from '../../shared/http/attachment.ts';
import { enforceRouteScope, personFor } from '../../shared/http/scope.ts';
import { reportsRoutes } from '../../shared/routes/reports.ts';
import type { Person } from '../../shared/schemas/registry.ts';
import type { SupervisionLetter } from '../../shared/schemas/supervision.ts';
import type { User } from '../../shared/schemas/users.ts';

/** The city, or one organization and its subtree: a department's own unless it names one inside it. */
const scopeOf = async (user: User, orgId: string | undefined): Promise<{ scope: StatisticsScope; nameZh: string }> => {
  // A department's user with no organization on record sees nothing, as the registry's scope check decides.
  if (user.role === 'department' && !user.organizationId) throw new ForbiddenError('Your user record names no organization', '您的用户记录没有所属单位');
  const target = orgId ?? (user.role === 'department' ? user.organizationId : undefined);
  if (!target) return { scope: {}, nameZh: '全市' };
  if (orgId) await enforceRouteScope(user, 'orgId', orgId);
  return scopeNamed(target);
};

/** The units of the scope, and the set that filters what is kept office-wide (none for the whole city). */
const unitsIn = async (scope: StatisticsScope) => {
  const units = await unitsOf(scope);
  return { units, orgIds: scope.path ? new Set(units.map((u) => u.orgId)) : undefined };
};

/** Only the set that filters office-wide records: the whole city needs no list of its units. */
const orgIdsIn = async (scope: StatisticsScope) => (scope.path ? (await unitsIn(scope)).orgIds : undefined);

const xlsxReply = (book: XlsxBook, fileName: string) => ({
  raw: writeXlsx(book).toString('base64'),
  isBase64Encoded: true,
  headers: attachmentHeaders(fileName, 'export.xlsx'),
});

/** The implementation items of letters not yet closed (an inspection's findings are not ledger items). */
const lettered = (letters: SupervisionLetter[]) =>
  letters.flatMap((l) =>
    l.items.flatMap((i) => (i.matterId && i.dueDate ? [{ ...i, matterId: i.matterId, dueDate: i.dueDate, letterNumber: l.number, orgId: l.orgId }] : [])),
  );

const supervisionFigures = async (orgIds: Set<string> | undefined, today: string) => {
  const [warnings, letters, unlettered] = await Promise.all([openWarningsOf(orgIds), blockingLettersOf(orgIds), openLedgerItemsOf(orgIds)]);
  // An item written up in a letter leaves the deadline index but is still open until the letter is closed.
  const ledger = [...unlettered, ...lettered(letters)];
  const byKind: Record<string, number> = {};
  for (const w of warnings) byKind[w.kind] = (byKind[w.kind] ?? 0) + 1;
  return {
    warnings: { open: warnings.length, byKind, units: new Set(warnings.map((w) => w.orgId)).size },
    letters: {
      open: letters.filter((l) => l.status === 'open').length,
      reported: letters.filter((l) => l.status === 'reported').length,
      // A reported letter waits for the office, not the unit: only open ones are past their date.
      pastRectification: letters.filter((l) => l.status === 'open' && l.rectifyBy < today).length,
    },
    ledger: { open: ledger.length, overdue: ledger.filter((i) => i.dueDate < today).length },
  };
};

export const handler = apiHandler(reportsRoutes, {
  'GET /statistics/establishment': async (req) => {
    const { scope, nameZh } = await scopeOf(req.user, req.query.orgId);
    const { units } = await unitsIn(scope);
    const { units: lines, ...stats } = establishmentStatistics(await unitEstablishments(units));
    // The whole city's lines would outgrow a reply (10,000 units are over 6 MB): its workbook has them.
    return { body: { scope: { orgId: scope.orgId, nameZh }, asOf: todayInShanghai(), ...stats, ...(scope.path ? { units: lines } : {}) } };
  },

  'GET /statistics/matters': async (req) => {
    const { scope, nameZh } = await scopeOf(req.user, req.query.orgId);
    const orgIds = await orgIdsIn(scope);
    const today = todayInShanghai();
    return { body: { scope: { orgId: scope.orgId, nameZh }, asOf: today, ...matterStatistics(await openMattersOf(orgIds), today) } };
  },

  'GET /statistics/supervision': async (req) => {
    const { scope, nameZh } = await scopeOf(req.user, req.query.orgId);
    const orgIds = await orgIdsIn(scope);
    const today = todayInShanghai();
    return { body: { scope: { orgId: scope.orgId, nameZh }, asOf: today, ...(await supervisionFigures(orgIds, today)) } };
  },

  'GET /exports/statistics.xlsx': async (req) => {
    const { scope, nameZh } = await scopeOf(req.user, req.query.orgId);
    const { units, orgIds } = await unitsIn(scope);
    const today = todayInShanghai();
    const stats = establishmentStatistics(await unitEstablishments(units));
    // Matters and warnings are the office's and the departments' business, not finance's or personnel's.
    const more =
      req.user.role === 'finance' || req.user.role === 'personnel'
        ? undefined
        : { matters: matterStatistics(await openMattersOf(orgIds), today), warnings: await openWarningsOf(orgIds) };
    return xlsxReply(statisticsBook(nameZh, today, stats, more), `${nameZh}机构编制统计${today}.xlsx`);
  },

  'GET /exports/ledger.xlsx': async (req) => {
    const { scope, nameZh } = await scopeOf(req.user, req.query.orgId);
    const { units, orgIds } = await unitsIn(scope);
    const today = todayInShanghai();
    const names = new Map(units.map((u) => [u.orgId, u.name]));
    const [items, letters] = await Promise.all([openLedgerItemsOf(orgIds), blockingLettersOf(orgIds)]);
    return xlsxReply(
      ledgerBook(nameZh, today, [...items, ...lettered(letters)], letters, (id) => names.get(id) ?? id),
      `${nameZh}督办台账${today}.xlsx`,
    );
  },

  'GET /organizations/{orgId}/roster.xlsx': async (req) => {
    const found = requireOrgOfItems(req.prefetched.org, req.prefetched.counter, req.params.orgId);
    const people: Person[] = (await registryRepo.rosterOf(req.params.orgId)).filter((p) => p.status === 'onRoll').map((p) => personFor(req.user, p));
    people.sort((a, b) => a.onRollSince.localeCompare(b.onRollSince) || a.name.localeCompare(b.name, 'zh'));
    const today = todayInShanghai();
    return xlsxReply(rosterBook(found.org, today, people), `${found.org.name}实名制名册${today}.xlsx`);
  },
});
