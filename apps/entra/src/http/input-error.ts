/**
 * A request's input refused by a check of the tenant app (a schema, secrets, a reset scope, job settings, an
 * expression test input…). Thrown by plain modules that know nothing of HTTP; `toGraphError` renders every one as
 * Graph's 400 `Request_BadRequest` with its message, so no caller maps it itself.
 */
export class InputError extends Error {}
