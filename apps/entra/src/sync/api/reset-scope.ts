import { InputError } from '../../http/input-error';

/**
 * `synchronizationJobRestartCriteria.resetScope`: a comma-separated combination of None, ConnectorDataStore,
 * Escrows, Watermark, QuarantineState, Full and ForceDeletes, possibly empty (reference §8.2).
 */
export const RESET_SCOPE_VALUES = [
  'None',
  'ConnectorDataStore',
  'Escrows',
  'Watermark',
  'QuarantineState',
  'Full',
  'ForceDeletes',
] as const;
export type ResetScopeValue = (typeof RESET_SCOPE_VALUES)[number];

/** What a restart does, with Full and the empty scope expanded. */
export interface ResetPlan {
  /** `None`: start a paused or quarantined job (Graph: "use start instead"). */
  start: boolean;
  /** Delete the connector data store (links; staged deletes go with them). */
  connectorDataStore: boolean;
  /** Delete escrowed failures. */
  escrows: boolean;
  /** Clear the watermark: the next cycle is an initial one. */
  watermark: boolean;
  /** Lift the quarantine. */
  quarantineState: boolean;
  /** Execute the deletions withheld by the accidental-deletion threshold. */
  forceDeletes: boolean;
}

export class ResetScopeError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'ResetScopeError';
  }
}

const BY_LOWER: ReadonlyMap<string, ResetScopeValue> = new Map(RESET_SCOPE_VALUES.map((v) => [v.toLowerCase(), v]));

/**
 * Parses a resetScope. Values are matched case-insensitively and may be separated by commas with any spaces;
 * empty (or null/absent) = the portal's "Restart provisioning": QuarantineState, Watermark, Escrows.
 * `Full` = ConnectorDataStore, Escrows, Watermark and QuarantineState (not ForceDeletes, which stays explicit).
 * Throws ResetScopeError naming the first unknown value.
 */
export function parseResetScope(resetScope: string | null | undefined): ResetPlan {
  const parts = (resetScope ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const values = new Set<ResetScopeValue>();
  for (const part of parts) {
    const value = BY_LOWER.get(part.toLowerCase());
    if (value === undefined) {
      throw new ResetScopeError(`Invalid resetScope value '${part.slice(0, 64)}'. Valid values: ${RESET_SCOPE_VALUES.join(', ')}.`);
    }
    values.add(value);
  }
  if (values.size === 0)
    return { start: false, connectorDataStore: false, escrows: true, watermark: true, quarantineState: true, forceDeletes: false };
  const full = values.has('Full');
  return {
    start: values.has('None'),
    connectorDataStore: full || values.has('ConnectorDataStore'),
    escrows: full || values.has('Escrows'),
    watermark: full || values.has('Watermark'),
    quarantineState: full || values.has('QuarantineState'),
    forceDeletes: values.has('ForceDeletes'),
  };
}
