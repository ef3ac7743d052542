import { z } from 'zod';
import { FUNDING_FORMS, ORGANIZATION_KINDS, QUOTA_TYPES } from '../domain/registry/rules.ts';
import { POST_GRADES, POST_TRACKS } from '../domain/registry/establishment.ts';
import { msg } from './messages.ts';
import { isoDate } from './date.ts';
import { text } from './text.ts';

export const orgId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, msg('orgIdFormat'));
const reason = text({ max: 500, multiline: true }).optional();
/** A person's name: free text here; checkPersonName (domain/registry/rules.ts) holds it to the register's rules. */
const personName = text();
const orgName = text({ min: 2, max: 60 });
/** 发文字号 as GB/T 9704 writes it: 机关代字〔年份〕序号号, e.g. 咸编发〔2026〕7号. */
export const documentNumber = text().regex(/^\S{1,20}〔\d{4}〕\d{1,5}号$/, msg('documentNumberFormat'));

export { LEGAL_PERSON_STATES } from '../domain/registry/validate.ts';
import { LEGAL_PERSON_STATES } from '../domain/registry/validate.ts';

export const OrgIdParams = z.object({ orgId });
export const PostQuotaParams = z.object({ orgId, grade: z.enum(POST_GRADES) });
export const PostQuotaInput = z
  .object({ leader: z.number().int().min(0).max(100), nonLeader: z.number().int().min(0).max(100), ...{ documentNumber, effectiveDate: isoDate, reason } })
  .strict()
  .meta({ id: 'PostQuotaInput' });
export const AppointmentInput = z
  .object({ grade: z.enum(POST_GRADES), track: z.enum(POST_TRACKS), since: isoDate, documentNumber })
  .strict()
  .meta({ id: 'AppointmentInput' });
export const QuotaParams = z.object({ orgId, quotaType: z.enum(QUOTA_TYPES) });
export const PersonParams = z.object({ personId: z.string().regex(/^p-[a-f0-9]{24}$/) });
export const AsAtQuery = z.object({ asAt: isoDate.optional() });
export const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).optional(), nextToken: z.string().optional() });

const Backing = { documentNumber, effectiveDate: isoDate, reason };

export const OrganizationInput = z
  .object({
    orgId,
    name: orgName,
    kind: z.enum(ORGANIZATION_KINDS),
    parentId: orgId.optional(),
    fundingForm: z.enum(FUNDING_FORMS),
    civilServiceManaged: z.boolean().default(false),
    uscc: z.string(),
    legalPersonStatus: z.enum(LEGAL_PERSON_STATES),
    principalHead: z.object({ name: personName, since: isoDate }).strict().optional(),
    ...Backing,
  })
  .strict()
  .meta({ id: 'OrganizationInput' });

export const QuotaInput = z
  .object({ approved: z.number().int().min(0).max(100_000), ...Backing })
  .strict()
  .meta({ id: 'QuotaInput' });

export const PersonInput = z
  .object({
    nationalId: z.union([z.string(), z.number()]),
    name: personName,
    quotaType: z.enum(QUOTA_TYPES),
    post: text({ max: 60 }).optional(),
    onRollSince: isoDate,
    documentNumber: documentNumber.optional(),
  })
  .strict()
  .meta({ id: 'PersonInput' });

const postCounts = z.record(z.enum(POST_GRADES), z.object({ leader: z.number().int(), nonLeader: z.number().int() }));
const counts = z.object(Object.fromEntries(QUOTA_TYPES.map((t) => [t, z.number().int()])) as Record<(typeof QUOTA_TYPES)[number], z.ZodNumber>);

export const Organization = z
  .object({
    orgId,
    name: z.string(),
    kind: z.enum(ORGANIZATION_KINDS),
    parentId: z.string().optional(),
    departmentId: z.string(),
    path: z.string(),
    fundingForm: z.enum(FUNDING_FORMS),
    civilServiceManaged: z.boolean(),
    uscc: z.string(),
    legalPersonStatus: z.enum(LEGAL_PERSON_STATES),
    principalHead: z.object({ name: z.string(), since: z.string() }).optional(),
    status: z.enum(['active', 'abolished']),
    successorId: z.string().optional(),
    version: z.number().int(),
    establishment: z
      .object({
        quota: counts,
        onRoll: counts,
        reserved: counts,
        vacancy: counts,
        overQuota: z.array(z.enum(QUOTA_TYPES)),
        posts: z.object({ quota: postCounts, used: postCounts, vacancy: postCounts }),
        overPostQuota: z.array(z.object({ grade: z.enum(POST_GRADES), track: z.enum(POST_TRACKS) })),
      })
      .optional(),
  })
  .meta({ id: 'Organization' });

export const OrganizationList = z.object({ items: z.array(Organization), nextToken: z.string().optional() }).meta({ id: 'OrganizationList' });

export const Person = z
  .object({
    personId: z.string(),
    orgId: z.string(),
    nationalId: z.string(),
    name: z.string(),
    gender: z.enum(['male', 'female']),
    birthDate: z.string().optional(),
    quotaType: z.enum(QUOTA_TYPES),
    post: z.string().optional(),
    onRollSince: z.string(),
    retirementDate: z.string().optional(),
    status: z.enum(['onRoll', 'offRoll']),
    postGrade: z.enum(POST_GRADES).optional(),
    postTrack: z.enum(POST_TRACKS).optional(),
    postSince: z.string().optional(),
    offRollDate: z.string().optional(),
    offRollReason: z.string().optional(),
  })
  .meta({ id: 'Person' });

export const PersonList = z.object({ items: z.array(Person), nextToken: z.string().optional() }).meta({ id: 'PersonList' });

export const Warning = z.object({ code: z.string(), message: z.string(), messageZh: z.string() });
export const QuotaResult = z
  .object({ organization: Organization, warnings: z.array(Warning) })
  .meta({ id: 'QuotaResult' });

export type OrganizationInput = z.infer<typeof OrganizationInput>;
export type QuotaInput = z.infer<typeof QuotaInput>;
export type PersonInput = z.infer<typeof PersonInput>;
export type Organization = z.infer<typeof Organization>;
export type Person = z.infer<typeof Person>;

const Event = { documentNumber, effectiveDate: isoDate, reason };
export const OrgEventInput = z
  .discriminatedUnion('event', [
    z.object({ event: z.literal('rename'), name: orgName, ...Event }).strict(),
    z.object({ event: z.literal('changeHead'), principalHead: z.object({ name: personName, since: isoDate }).strict(), ...Event }).strict(),
    z.object({ event: z.literal('legalPersonRegistration'), legalPersonStatus: z.enum(LEGAL_PERSON_STATES), ...Event }).strict(),
    z.object({ event: z.literal('abolish'), successorId: orgId.optional(), ...Event }).strict(),
    z.object({ event: z.literal('merge'), intoId: orgId, ...Event }).strict(),
    z
      .object({
        event: z.literal('split'),
        /** The organization split off: same kind as the original; under the same parent unless given. */
        newOrg: z
          .object({
            orgId,
            name: orgName,
            parentId: orgId.optional(),
            fundingForm: z.enum(FUNDING_FORMS),
            uscc: z.string(),
            legalPersonStatus: z.enum(LEGAL_PERSON_STATES),
          })
          .strict(),
        /** Slots that move with it, by type. */
        quota: z.partialRecord(z.enum(QUOTA_TYPES), z.number().int().min(0)),
        /** People who move with it (their slots count against the moved quota). */
        people: z.array(z.string().regex(/^p-[a-f0-9]{24}$/)).max(80).default([]),
        ...Event,
      })
      .strict(),
  ])
  .meta({ id: 'OrgEventInput' });
export type OrgEventInput = z.infer<typeof OrgEventInput>;

export const CORRECTABLE_FIELDS = ['name', 'uscc', 'fundingForm', 'legalPersonStatus', 'principalHead'] as const;
export const CorrectionInput = z
  .object({
    field: z.enum(CORRECTABLE_FIELDS),
    value: z.union([text(), z.object({ name: personName, since: isoDate }).strict()]),
    reason: text({ min: 2, max: 500, multiline: true }),
  })
  .strict()
  .meta({ id: 'CorrectionInput' });
export type CorrectionInput = z.infer<typeof CorrectionInput>;

export const OrgHistory = z
  .object({
    events: z.array(z.object({ event: z.string(), documentNumber: z.string().optional(), effectiveDate: z.string(), recordedAt: z.string(), reason: z.string().optional() })),
    corrections: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown(), reason: z.string(), recordedAt: z.string(), actor: z.string() })),
  })
  .meta({ id: 'OrgHistory' });
