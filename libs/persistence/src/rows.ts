/**
 * TypeORM answers UPDATE/DELETE … RETURNING as `[rows, rowCount]` on node-postgres and as plain rows on PGlite
 * (whose results carry no `command`); this gives the rows either way.
 */
export function returnedRows<T>(result: unknown[]): T[] {
  return (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result) as T[];
}
