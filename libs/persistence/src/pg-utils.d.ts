/** node-postgres's parameter serialiser (pg/lib/utils, exported by the package but not typed by @types/pg). */
declare module 'pg/lib/utils' {
  /** A JS value as node-postgres sends it: text (dates, arrays as array literals, objects as JSON), a Buffer, or null. */
  export function prepareValue(value: unknown): string | Buffer | null;
}
