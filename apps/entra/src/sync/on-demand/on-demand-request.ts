/**
 * The body of `POST …/jobs/{jobId}/provisionOnDemand` (reference §8.3): one `synchronizationJobApplicationParameters`
 * naming a rule and one subject: a user, or a group with up to five of its members in `links.members`. Pure: every
 * problem is an OnDemandRequestError whose message the controller answers as a 400 in Graph's envelope.
 */

/** The portal and the API take one group with at most this many members per call (reference §8.3). */
export const MAX_ON_DEMAND_MEMBERS = 5;

export type OnDemandObjectType = 'User' | 'Group';

/** What to provision: ids lower-cased, member ids de-duplicated in the order given. */
export interface OnDemandRequest {
  ruleId: string;
  objectId: string;
  objectTypeName: OnDemandObjectType;
  /** Group subjects: the members to provision with it (empty for users, and for a group alone). */
  memberIds: string[];
}

export class OnDemandRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnDemandRequestError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_RULE_ID_LENGTH = 256;
const MAX_ECHO = 64;

type Json = Record<string, unknown>;

function echo(value: string): string {
  return value.length > MAX_ECHO ? `${value.slice(0, MAX_ECHO)}…` : value;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Refuses properties the Graph type doesn't have (OData annotations such as `@odata.type` are allowed). */
function onlyKnown(value: Json, known: readonly string[], type: string): void {
  for (const name of Object.keys(value)) {
    if (!known.includes(name) && !name.includes('@odata.'))
      throw new OnDemandRequestError(`Property '${echo(name)}' does not exist on type 'microsoft.graph.${type}'.`);
  }
}

function objectTypeOf(value: unknown, where: string): OnDemandObjectType {
  if (typeof value !== 'string' || value === '') throw new OnDemandRequestError(`${where}.objectTypeName is required: User or Group.`);
  const lower = value.toLowerCase();
  if (lower === 'user') return 'User';
  if (lower === 'group') return 'Group';
  throw new OnDemandRequestError(`${where}.objectTypeName '${echo(value)}' is not supported: use User or Group.`);
}

function objectIdOf(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') throw new OnDemandRequestError(`${where}.objectId is required.`);
  if (!GUID.test(value)) throw new OnDemandRequestError(`Invalid object identifier '${echo(value)}'.`);
  return value.toLowerCase();
}

function membersOf(links: unknown, type: OnDemandObjectType): string[] {
  if (links === undefined || links === null) return [];
  if (!isObject(links)) throw new OnDemandRequestError('subjects[0].links must be an object {"members": […]}.');
  onlyKnown(links, ['members'], 'synchronizationLinkedObjects');
  const members = links.members;
  if (members === undefined || members === null) return [];
  if (type !== 'Group') throw new OnDemandRequestError('links.members is only allowed on a Group subject.');
  if (!Array.isArray(members)) throw new OnDemandRequestError('links.members must be an array of {objectId, objectTypeName}.');
  if (members.length > MAX_ON_DEMAND_MEMBERS) {
    throw new OnDemandRequestError(
      `On-demand provisioning takes one group with at most ${MAX_ON_DEMAND_MEMBERS} members per request; ${members.length} were given.`,
    );
  }
  const ids: string[] = [];
  members.forEach((member: unknown, i) => {
    const where = `links.members[${i}]`;
    if (!isObject(member)) throw new OnDemandRequestError(`${where} must be an object {objectId, objectTypeName}.`);
    onlyKnown(member, ['objectId', 'objectTypeName'], 'synchronizationJobSubject');
    const memberType = objectTypeOf(member.objectTypeName, where);
    if (memberType !== 'User')
      throw new OnDemandRequestError(
        `${where} is a ${memberType}: on-demand provisioning does not support nested groups; members must be users.`,
      );
    const id = objectIdOf(member.objectId, where);
    if (!ids.includes(id)) ids.push(id);
  });
  return ids;
}

/** Reads and checks the request body; throws OnDemandRequestError naming the first problem. */
export function parseProvisionOnDemandRequest(body: unknown): OnDemandRequest {
  if (!isObject(body))
    throw new OnDemandRequestError(
      'The request body must be a JSON object {"parameters": [{"ruleId": …, "subjects": [{"objectId": …, "objectTypeName": …}]}]}.',
    );
  onlyKnown(body, ['parameters'], 'provisionOnDemand');
  const parameters = body.parameters;
  if (!Array.isArray(parameters) || parameters.length === 0)
    throw new OnDemandRequestError("Property 'parameters' is required: an array with one {ruleId, subjects}.");
  if (parameters.length > 1)
    throw new OnDemandRequestError(
      `On-demand provisioning takes one parameter (one rule, one subject) per request; ${parameters.length} were given.`,
    );
  const parameter: unknown = parameters[0];
  if (!isObject(parameter)) throw new OnDemandRequestError('parameters[0] must be an object {ruleId, subjects}.');
  onlyKnown(parameter, ['ruleId', 'subjects'], 'synchronizationJobApplicationParameters');
  const ruleId = parameter.ruleId;
  if (typeof ruleId !== 'string' || ruleId.trim() === '')
    throw new OnDemandRequestError("parameters[0].ruleId is required: the id of a synchronizationRule of the job's schema.");
  if (ruleId.length > MAX_RULE_ID_LENGTH)
    throw new OnDemandRequestError(`parameters[0].ruleId is longer than ${MAX_RULE_ID_LENGTH} characters.`);
  const subjects = parameter.subjects;
  if (!Array.isArray(subjects) || subjects.length === 0)
    throw new OnDemandRequestError('parameters[0].subjects is required: an array with one {objectId, objectTypeName}.');
  if (subjects.length > 1) {
    throw new OnDemandRequestError(
      `On-demand provisioning takes one user, or one group with up to ${MAX_ON_DEMAND_MEMBERS} members, per request; ${subjects.length} subjects were given.`,
    );
  }
  const subject: unknown = subjects[0];
  if (!isObject(subject)) throw new OnDemandRequestError('subjects[0] must be an object {objectId, objectTypeName, links?}.');
  onlyKnown(subject, ['objectId', 'objectTypeName', 'links'], 'synchronizationJobSubject');
  const objectTypeName = objectTypeOf(subject.objectTypeName, 'subjects[0]');
  const objectId = objectIdOf(subject.objectId, 'subjects[0]');
  return { ruleId: ruleId.trim(), objectId, objectTypeName, memberIds: membersOf(subject.links, objectTypeName) };
}
