/** Formatting shared by the logs pages (no React, no Fluent: cheap to import anywhere). */

/** `2026-12-05 00:26:11 UTC`: the simulated clock's zone, the same for everyone looking at the demo. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `create` → `Create`, `stagedDelete` → `StagedDelete` (the portal's spelling). */
export function capitalize(value: string | null | undefined): string {
  if (!value) return '';
  return value.charAt(0).toUpperCase() + value.slice(1);
}

export function statusColor(status: string | null | undefined): 'success' | 'danger' | 'warning' | 'informative' {
  switch ((status ?? '').toLowerCase()) {
    case 'success':
      return 'success';
    case 'failure':
      return 'danger';
    case 'warning':
      return 'warning';
    default:
      return 'informative';
  }
}

/**
 * Entra's titles for the processing steps (Provision on demand, reference §1.7), by step type; `object` is "user" or
 * "group", `target` the target system's name.
 */
export function stepTitle(type: string, object: string, target: string | null | undefined): string {
  switch (type.toLowerCase()) {
    case 'testconnection':
      return 'Test connection';
    case 'import':
      return `Import ${object}`;
    case 'scoping':
      return `Determine if ${object} is in scope`;
    case 'matching':
      return `Match ${object} between source and target system`;
    case 'processing':
      return 'Perform action';
    case 'referenceresolution':
      return 'Resolve references';
    case 'export':
      return `Export to ${target || 'the target system'}`;
    default:
      return type;
  }
}

/** "user" or "group", from an identity type (`User`, `Group`, or a SCIM schema URN). */
export function objectNoun(identityType: string | null | undefined): string {
  return /group/i.test(identityType ?? '') ? 'group' : 'user';
}
