/** Error codes surfaced in a Graph-style 400 response body. */
export type ODataErrorCode = 'Request_BadRequest' | 'Request_UnsupportedQuery' | 'BadRequest';

/**
 * The only error this library throws. The HTTP layer turns it into
 * `400 {"error":{"code": code, "message": message}}`.
 */
export class ODataError extends Error {
  constructor(
    readonly code: ODataErrorCode,
    message: string,
    readonly position?: number,
  ) {
    super(message);
    this.name = 'ODataError';
  }
}
