/** PostgreSQL SQLSTATE 23505, raised the same way by node-postgres and PGlite. */
export function isUniqueViolation(error: unknown): boolean {
  return hasCode(error, '23505');
}

function hasCode(error: unknown, code: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const direct = (error as { code?: unknown }).code;
  if (direct === code) return true;
  const driverError = (error as { driverError?: unknown }).driverError;
  return driverError !== undefined && driverError !== error && hasCode(driverError, code);
}
