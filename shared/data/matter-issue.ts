/**
 * Issuing an approved matter (R-MAT-4): the approval document takes the next number of the
 * committee's series, and in the same transaction the matter is marked issued, the registry
 * change its type makes is applied carrying that number (a quota increase or cut moves the
 * unit's quota and vacancy, on the unit's audit chain), and the unit is told. A change the
 * registry cannot make by itself yet (a new organization's details, duties) is recorded as not
 * applied, for the registry clerk to carry out under the same number.
 */
import { todayInShanghai } from '../domain/today.ts';
import type { Matter } from '../schemas/matters.ts';
import { matterChain, matterPut, mattersRepo } from './matters.ts';
import { notificationPut } from './notifications.ts';
import { issueNumber } from './numbering.ts';
import { quotaSetWrite, registryRepo } from './registry.ts';
import { type Actor, writeAudited } from './write.ts';

export const issueMatterDocument = async (matterId: string, actor: Actor): Promise<NonNullable<Matter['document']>> => {
  let issued: NonNullable<Matter['document']> | undefined;
  await writeAudited(async () => {
    const matter = await mattersRepo.require(matterId);
    // Delivered again after it was issued: the document stands as it was.
    if (matter.document) {
      issued = matter.document;
      return undefined;
    }
    const today = todayInShanghai();
    const year = Number(today.slice(0, 4));
    const number = await issueNumber('committee', year, { kind: 'matter', id: matterId });
    const { change, registryChange } = matter;
    const quota = (registryChange === 'increaseQuota' || registryChange === 'reduceQuota') && change.quotaType && change.count;
    const org = quota ? await registryRepo.requireOrg(matter.orgId) : undefined;
    const write =
      quota && org
        ? quotaSetWrite(
            org,
            change.quotaType!,
            {
              approved: org.counter.quota[change.quotaType!] + (registryChange === 'increaseQuota' ? change.count! : -change.count!),
              documentNumber: number.number,
              effectiveDate: today,
              reason: matter.title,
            },
            actor,
          )
        : undefined;
    issued = { number: number.number, issuedOn: today, registryChange, applied: write !== undefined };
    const after: Matter = { ...matter, status: 'issued', document: issued };
    return {
      items: {
        ...number.items,
        matter: matterPut(after, matter),
        ...(write?.items ?? {}),
        message: notificationPut(matter.orgId, {
          kind: 'matterIssued',
          matterId,
          message: `Matter ${matterId} was approved: ${number.number}`,
          messageZh: `机构编制事项「${matter.title}」已批复，文号 ${number.number}`,
        }),
      },
      chains: [
        {
          audit: {
            chain: matterChain(matterId),
            actor,
            entityType: 'matter',
            entityId: matterId,
            action: 'issue',
            before: { status: matter.status },
            after: { status: 'issued', document: issued },
          },
        },
        ...(write ? [write.chain] : []),
      ],
      refuse: () => 'retry',
    };
  });
  return issued!;
};
