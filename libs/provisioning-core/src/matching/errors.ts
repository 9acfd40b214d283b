/** Thrown for programming/config errors in matching (bad attribute path, bad result count). */
export class MatchingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MatchingError';
  }
}
