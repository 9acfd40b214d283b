/** Graph `synchronizationQuarantine.reason` (reference §5.2). */
export type QuarantineReason =
  | 'EncounteredBaseEscrowThreshold'
  | 'EncounteredTotalEscrowThreshold'
  | 'EncounteredEscrowProportionThreshold'
  | 'EncounteredQuarantineException'
  | 'Unknown'
  | 'QuarantinedOnDemand'
  | 'TooManyDeletes'
  | 'IngestionInterrupted';

export const QUARANTINE_REASONS: readonly QuarantineReason[] = [
  'EncounteredBaseEscrowThreshold',
  'EncounteredTotalEscrowThreshold',
  'EncounteredEscrowProportionThreshold',
  'EncounteredQuarantineException',
  'Unknown',
  'QuarantinedOnDemand',
  'TooManyDeletes',
  'IngestionInterrupted',
];
