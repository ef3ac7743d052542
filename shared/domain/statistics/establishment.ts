/**
 * Establishment statistics (R-EXT-4): use and vacancy by unit, quota type and funding form,
 * summed from the units' counters (never from the roster on a request path). Pure: the data layer
 * reads the units and their counters, this adds them up.
 */
import { type Establishment, overQuotaTypes } from '../registry/establishment.ts';
import { FUNDING_FORMS, type FundingForm, ORGANIZATION_KINDS, type OrganizationKind, QUOTA_TYPES, type QuotaType } from '../registry/rules.ts';

/** One unit's line: who it is, and its four figures of each quota type. */
export interface UnitEstablishment {
  orgId: string;
  name: string;
  kind: OrganizationKind;
  fundingForm: FundingForm;
  departmentId: string;
  parentId?: string;
  quota: Record<QuotaType, number>;
  onRoll: Record<QuotaType, number>;
  reserved: Record<QuotaType, number>;
  vacancy: Record<QuotaType, number>;
  /** Quota types held above their quota (on-roll and reserved together). */
  overQuota: QuotaType[];
}

export interface Figures {
  units: number;
  quota: number;
  onRoll: number;
  reserved: number;
  /** Vacant slots: a type held over its quota adds none (it adds to overBy). */
  vacancy: number;
  /** Slots used above quota: over-quota units do not cancel others' vacancies. */
  overBy: number;
  /** Units over quota in at least one type (by quota type: over in that type). */
  overQuotaUnits: number;
}

export interface EstablishmentStatistics {
  units: UnitEstablishment[];
  totals: Figures;
  byQuotaType: Record<QuotaType, Figures>;
  byFundingForm: Record<FundingForm, Figures>;
  byKind: Record<OrganizationKind, Figures>;
}

const zero = (): Figures => ({ units: 0, quota: 0, onRoll: 0, reserved: 0, vacancy: 0, overBy: 0, overQuotaUnits: 0 });
const add = (f: Figures, u: UnitEstablishment, types: readonly QuotaType[]) => {
  f.units++;
  for (const t of types) {
    f.quota += u.quota[t] ?? 0;
    f.onRoll += u.onRoll[t] ?? 0;
    f.reserved += u.reserved[t] ?? 0;
    const v = u.vacancy[t] ?? 0;
    if (v > 0) f.vacancy += v;
    else f.overBy -= v;
  }
  if (types.some((t) => u.overQuota.includes(t))) f.overQuotaUnits++;
};

/** A unit's line from its record and counter item. */
export const unitEstablishment = (
  org: { orgId: string; name: string; kind: OrganizationKind; fundingForm: FundingForm; departmentId: string; parentId?: string },
  counter: Pick<Establishment, 'quota' | 'onRoll' | 'reserved' | 'vacancy'>,
): UnitEstablishment => {
  const pick = (r: Record<QuotaType, number>) => Object.fromEntries(QUOTA_TYPES.map((t) => [t, Number(r?.[t] ?? 0)])) as Record<QuotaType, number>;
  const figures = { quota: pick(counter.quota), onRoll: pick(counter.onRoll), reserved: pick(counter.reserved), vacancy: pick(counter.vacancy) };
  return {
    orgId: org.orgId,
    name: org.name,
    kind: org.kind,
    fundingForm: org.fundingForm,
    departmentId: org.departmentId,
    ...(org.parentId ? { parentId: org.parentId } : {}),
    ...figures,
    overQuota: overQuotaTypes(figures as Establishment),
  };
};

/** The totals of the units given, as a whole and by quota type, funding form and kind of unit. */
export const establishmentStatistics = (units: UnitEstablishment[]): EstablishmentStatistics => {
  const totals = zero();
  const byQuotaType = Object.fromEntries(QUOTA_TYPES.map((t) => [t, zero()])) as Record<QuotaType, Figures>;
  const byFundingForm = Object.fromEntries(FUNDING_FORMS.map((f) => [f, zero()])) as Record<FundingForm, Figures>;
  const byKind = Object.fromEntries(ORGANIZATION_KINDS.map((k) => [k, zero()])) as Record<OrganizationKind, Figures>;
  for (const u of units) {
    add(totals, u, QUOTA_TYPES);
    add(byFundingForm[u.fundingForm], u, QUOTA_TYPES);
    add(byKind[u.kind], u, QUOTA_TYPES);
    // A unit counts under a quota type only if it holds or uses slots of it.
    for (const t of QUOTA_TYPES) if (u.quota[t] || u.onRoll[t] || u.reserved[t]) add(byQuotaType[t], u, [t]);
  }
  return { units, totals, byQuotaType, byFundingForm, byKind };
};
