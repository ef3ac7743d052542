import { POST_GRADES, POST_TRACKS } from '../domain/registry/establishment.ts';
import { FUNDING_FORMS, INSTITUTION_CATEGORIES, ORGANIZATION_KINDS, QUOTA_TYPES, type QuotaType } from '../domain/registry/rules.ts';
import { LEGAL_PERSON_STATES } from '../domain/registry/validate.ts';
import { isoDate } from './date.ts';
import { msg } from './messages.ts';
import { text } from './text.ts';
import * as z from './zod.ts';
import { matching, named, wholeNumber, wholeNumberFromText } from './zod.ts';

export { LEGAL_PERSON_STATES };

export const orgId = matching(/^[a-z0-9][a-z0-9-]{1,39}$/, msg('orgIdFormat'));
export const personId = matching(/^p-[a-f0-9]{24}$/);
const reason = z.optional(text({ max: 500, multiline: true }));
/** A person's name: free text here; checkPersonName (domain/registry/rules.ts) holds it to the register's rules. */
const personName = text();
const orgName = text({ min: 2, max: 60 });
/** 发文字号 as GB/T 9704 writes it: 机关代字〔年份〕序号号, e.g. 咸编发〔2026〕7号. */
export const documentNumber = text({}, z.regex(/^\S{1,20}〔\d{4}〕\d{1,5}号$/, msg('documentNumberFormat')));

export const OrgIdParams = z.object({ orgId });
export const PostQuotaParams = z.object({ orgId, grade: z.enum(POST_GRADES) });
export const PostQuotaInput = named(
  'PostQuotaInput',
  z.strictObject({ leader: wholeNumber(0, 100), nonLeader: wholeNumber(0, 100), documentNumber, effectiveDate: isoDate, reason }),
);
export const AppointmentInput = named(
  'AppointmentInput',
  z.strictObject({ grade: z.enum(POST_GRADES), track: z.enum(POST_TRACKS), since: isoDate, documentNumber }),
);
export const QuotaParams = z.object({ orgId, quotaType: z.enum(QUOTA_TYPES) });
export const PersonParams = z.object({ personId });
export const AsAtQuery = z.object({ asAt: z.optional(isoDate) });
export const ListQuery = z.object({ limit: z.optional(wholeNumberFromText(1, 200)), nextToken: z.optional(z.string()) });

const Backing = { documentNumber, effectiveDate: isoDate, reason };

export const OrganizationInput = named(
  'OrganizationInput',
  z.strictObject({
    orgId,
    name: orgName,
    kind: z.enum(ORGANIZATION_KINDS),
    parentId: z.optional(orgId),
    fundingForm: z.enum(FUNDING_FORMS),
    civilServiceManaged: z._default(z.boolean(), false),
    uscc: z.string(),
    legalPersonStatus: z.enum(LEGAL_PERSON_STATES),
    principalHead: z.optional(z.strictObject({ name: personName, since: isoDate })),
    ...Backing,
  }),
);

export const QuotaInput = named('QuotaInput', z.strictObject({ approved: wholeNumber(0, 100_000), ...Backing }));

export const PersonInput = named(
  'PersonInput',
  z.strictObject({
    nationalId: z.union([z.string(), z.number()]),
    name: personName,
    quotaType: z.enum(QUOTA_TYPES),
    post: z.optional(text({ max: 60 })),
    onRollSince: isoDate,
    documentNumber: z.optional(documentNumber),
  }),
);

const postCounts = z.record(z.enum(POST_GRADES), z.object({ leader: wholeNumber(), nonLeader: wholeNumber() }));
const counts = z.object(Object.fromEntries(QUOTA_TYPES.map((t) => [t, wholeNumber()])) as Record<QuotaType, ReturnType<typeof wholeNumber>>);

export const Organization = named(
  'Organization',
  z.object({
    orgId,
    name: z.string(),
    kind: z.enum(ORGANIZATION_KINDS),
    parentId: z.optional(z.string()),
    departmentId: z.string(),
    path: z.string(),
    fundingForm: z.enum(FUNDING_FORMS),
    civilServiceManaged: z.boolean(),
    /** Absent until a unit set up by an approved matter registers and is coded. */
    uscc: z.optional(z.string()),
    legalPersonStatus: z.enum(LEGAL_PERSON_STATES),
    principalHead: z.optional(z.object({ name: z.string(), since: z.string() })),
    status: z.enum(['active', 'abolished']),
    successorId: z.optional(z.string()),
    /** 主要职责, 内设机构 and 事业单位类别 as the last approved matter set them (absent until one did). */
    functions: z.optional(z.string()),
    internalUnits: z.optional(z.array(z.string())),
    institutionCategory: z.optional(z.enum(INSTITUTION_CATEGORIES)),
    version: wholeNumber(),
    establishment: z.optional(
      z.object({
        quota: counts,
        onRoll: counts,
        reserved: counts,
        vacancy: counts,
        overQuota: z.array(z.enum(QUOTA_TYPES)),
        posts: z.object({ quota: postCounts, used: postCounts, vacancy: postCounts }),
        overPostQuota: z.array(z.object({ grade: z.enum(POST_GRADES), track: z.enum(POST_TRACKS) })),
      }),
    ),
  }),
);

export const OrganizationList = named('OrganizationList', z.object({ items: z.array(Organization), nextToken: z.optional(z.string()) }));

export const Person = named(
  'Person',
  z.object({
    personId: z.string(),
    orgId: z.string(),
    nationalId: z.string(),
    name: z.string(),
    gender: z.enum(['male', 'female']),
    birthDate: z.optional(z.string()),
    quotaType: z.enum(QUOTA_TYPES),
    post: z.optional(z.string()),
    onRollSince: z.string(),
    retirementDate: z.optional(z.string()),
    status: z.enum(['onRoll', 'offRoll']),
    postGrade: z.optional(z.enum(POST_GRADES)),
    postTrack: z.optional(z.enum(POST_TRACKS)),
    postSince: z.optional(z.string()),
    offRollDate: z.optional(z.string()),
    offRollReason: z.optional(z.string()),
  }),
);

export const PersonList = named('PersonList', z.object({ items: z.array(Person), nextToken: z.optional(z.string()) }));

export const Warning = z.object({ code: z.string(), message: z.string(), messageZh: z.string() });
export const QuotaResult = named('QuotaResult', z.object({ organization: Organization, warnings: z.array(Warning) }));

export type OrganizationInput = z.infer<typeof OrganizationInput>;
export type QuotaInput = z.infer<typeof QuotaInput>;
export type PersonInput = z.infer<typeof PersonInput>;
export type Organization = z.infer<typeof Organization>;
export type Person = z.infer<typeof Person>;

const Event = { documentNumber, effectiveDate: isoDate, reason };
export const OrgEventInput = named(
  'OrgEventInput',
  z.discriminatedUnion('event', [
    z.strictObject({ event: z.literal('rename'), name: orgName, ...Event }),
    z.strictObject({ event: z.literal('changeHead'), principalHead: z.strictObject({ name: personName, since: isoDate }), ...Event }),
    z.strictObject({
      event: z.literal('legalPersonRegistration'),
      legalPersonStatus: z.enum(LEGAL_PERSON_STATES),
      /** The code of a unit set up by an approved matter, given when it registers; a unit that has one corrects it instead. */
      uscc: z.optional(z.string()),
      ...Event,
    }),
    z.strictObject({ event: z.literal('abolish'), successorId: z.optional(orgId), ...Event }),
    z.strictObject({ event: z.literal('merge'), intoId: orgId, ...Event }),
    z.strictObject({
      event: z.literal('split'),
      /** The organization split off: same kind as the original; under the same parent unless given. */
      newOrg: z.strictObject({
        orgId,
        name: orgName,
        parentId: z.optional(orgId),
        fundingForm: z.enum(FUNDING_FORMS),
        uscc: z.string(),
        legalPersonStatus: z.enum(LEGAL_PERSON_STATES),
      }),
      /** Slots that move with it, by type. */
      quota: z.partialRecord(z.enum(QUOTA_TYPES), wholeNumber(0)),
      /** People who move with it (their slots count against the moved quota). */
      people: z._default(z.array(personId).check(z.maxLength(80)), []),
      ...Event,
    }),
  ]),
);
export type OrgEventInput = z.infer<typeof OrgEventInput>;

export const CORRECTABLE_FIELDS = ['name', 'uscc', 'fundingForm', 'legalPersonStatus', 'principalHead'] as const;
export const CorrectionInput = named(
  'CorrectionInput',
  z.strictObject({
    field: z.enum(CORRECTABLE_FIELDS),
    value: z.union([text(), z.strictObject({ name: personName, since: isoDate })]),
    reason: text({ min: 2, max: 500, multiline: true }),
  }),
);
export type CorrectionInput = z.infer<typeof CorrectionInput>;

export const OrgHistory = named(
  'OrgHistory',
  z.object({
    events: z.array(
      z.object({
        event: z.string(),
        documentNumber: z.optional(z.string()),
        effectiveDate: z.string(),
        recordedAt: z.string(),
        reason: z.optional(z.string()),
      }),
    ),
    corrections: z.array(
      z.object({ field: z.string(), before: z.unknown(), after: z.unknown(), reason: z.string(), recordedAt: z.string(), actor: z.string() }),
    ),
  }),
);
export type OrgHistory = z.infer<typeof OrgHistory>;
