/** Graph's JSON for a directory row: the selected (or default) properties in that order, dates as ISO seconds, id always. */
export function projectRow(row: object, select: readonly string[]): Record<string, unknown> {
  const values = row as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const prop of select) {
    const value = values[prop];
    out[prop] = value instanceof Date ? value.toISOString().replace(/\.\d{3}Z$/, 'Z') : (value ?? null);
  }
  if (!('id' in out)) out.id = values.id;
  return out;
}
