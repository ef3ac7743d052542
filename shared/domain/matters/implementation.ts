/**
 * After issue (R-MAT-5, R-MAT-6): the document is copied to the three bodies that keep what it
 * changes ("一变动、一调整、一共享"), each with a follow-up task whose receipt is tracked; and the
 * implementation items the change calls for enter the supervision ledger with their deadline.
 * The loop closes only when every item is reported done and the implementation report is in.
 */
import type { RegistryChange } from './catalog.ts';

export const IMPLEMENTATION_ITEMS = [
  'dutyTransfer',
  'cadreAllocation',
  'personnelTransfer',
  'assetTransfer',
  'legalPersonRegistration',
  'implementationReport',
] as const;
export type ImplementationItem = (typeof IMPLEMENTATION_ITEMS)[number];

export const IMPLEMENTATION_ITEM_LABELS: Record<ImplementationItem, string> = {
  dutyTransfer: '职责划转',
  cadreAllocation: '干部配备',
  personnelTransfer: '人员转隶',
  assetTransfer: '资产划转',
  legalPersonRegistration: '法人登记',
  implementationReport: '落实情况报告',
};

/** The items each kind of change calls for; every matter ends with its implementation report. */
const ITEMS: Record<RegistryChange, ImplementationItem[]> = {
  setUpOrganization: ['dutyTransfer', 'cadreAllocation', 'personnelTransfer', 'assetTransfer', 'legalPersonRegistration'],
  adjustOrganization: ['dutyTransfer', 'personnelTransfer', 'assetTransfer'],
  abolishOrganization: ['dutyTransfer', 'personnelTransfer', 'assetTransfer', 'legalPersonRegistration'],
  renameOrganization: ['legalPersonRegistration'],
  adjustFunctions: ['dutyTransfer'],
  increaseQuota: [],
  reduceQuota: ['personnelTransfer'],
  changePostQuota: ['cadreAllocation'],
  changeInternalUnits: ['dutyTransfer', 'cadreAllocation'],
  changeInstitutionCategory: ['assetTransfer', 'legalPersonRegistration'],
};

export const implementationItemsFor = (change: RegistryChange): ImplementationItem[] => [...ITEMS[change], 'implementationReport'];

/** Who receives a copy of every issued document, and the follow-up each does on it. */
export const COPY_RECIPIENTS = [
  { sectionId: 'supervision-section', followUp: 'supervisionLedger', followUpZh: '纳入监管台账，跟踪落实' },
  { sectionId: 'registration-bureau', followUp: 'usccAndRegistration', followUpZh: '统一社会信用代码赋码及法人登记' },
  { sectionId: 'egov-center', followUp: 'rosterChange', followUpZh: '实名制信息变更' },
] as const;

/** Working days the recipients have to acknowledge a copy. */
export const COPY_RECEIPT_WORKING_DAYS = 5;
