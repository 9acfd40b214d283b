import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CLOCK, KeyedMutex, type Clock } from '@app/platform';
import type { Caller } from '../../auth/token.service';
import { ENTRA_CONFIG, EntraConfig } from '../../config/entra.config';
import { GraphError } from '../../http/graph-error';
import { userMatchingAttribute } from '../api/credentials.service';
import { SyncJobsService, type ServicePrincipalRef } from '../api';
import { ConnectorError, SCIM_ERROR_CODES, SCIM_TRUSTED_CA, ScimConnector, ScimTrace, type ScimTrustedCa } from '../connector';
import {
  JobConfigurationReader,
  LinkStore,
  processObject,
  resolveReferences,
  SourceReader,
  summaryOf,
  SyncEngine,
  type JobConfiguration,
  type JobRow,
  type Link,
  mappingReads,
  type ObjectOutcome,
  type ReadOptions,
  type SourceState,
} from '../engine';
import { applicationInitiator, ProvisioningLogWriter, userInitiator, type Initiator, type ProvisioningObjectSummary } from '../logs';
import { findRule, onDemandMapping, onDemandProcessorContext, type OnDemandMapping } from './on-demand-context';
import { OnDemandRequestError, parseProvisionOnDemandRequest, type OnDemandRequest } from './on-demand-request';
import {
  combinedKey,
  onDemandKey,
  onDemandRecord,
  onDemandScopeDetails,
  scopingFilterDetails,
  stringKeyStringValuePair,
  testConnectionFailureRecord,
  type OnDemandRecord,
  type StringKeyStringValuePair,
} from './on-demand-response';
import { OnDemandRateLimiter, ON_DEMAND_RATE_LIMIT, ON_DEMAND_RATE_WINDOW_MS } from './rate-limiter';

/** SCIM requests in flight for one call (a group and five members at most). */
const ON_DEMAND_CONCURRENCY = 4;

/** Display names of the callers provsim knows (it has no signed-in users: the static token stands for the admin). */
export const ADMIN_INITIATOR_NAME = 'provsim administrator (admin token)';
export const CLIENT_APP_INITIATOR_NAME = 'provsim client app (client credentials)';

/** initiatedBy of the log entries: the admin token is a signed-in admin (user), a client-credentials token an app. */
export function initiatorOf(caller: Caller): Initiator {
  return caller.kind === 'admin' ? userInitiator('', ADMIN_INITIATOR_NAME) : applicationInitiator(caller.appId, CLIENT_APP_INITIATOR_NAME);
}

/** 429 of provisionOnDemand; the controller sends `retryAfterSeconds` as the Retry-After header. */
export class OnDemandThrottledError extends GraphError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      429,
      'TooManyRequests',
      `Too many provisionOnDemand requests for this job: at most ${ON_DEMAND_RATE_LIMIT} per ${ON_DEMAND_RATE_WINDOW_MS / 1000} seconds. Retry after ${retryAfterSeconds} seconds.`,
    );
  }
}

export interface OnDemandCall {
  servicePrincipal: ServicePrincipalRef;
  jobId: string;
  body: unknown;
  initiatedBy: Initiator;
  /** `@odata.context` of the answer. */
  context: string;
  /** Told the ids of the provisioning-log entries the call wrote (none when Test Connection failed). */
  onLogIds?: (ids: string[]) => void;
}

/** What was read from the tenant for the call. */
interface Imported {
  users: SourceState[];
  group: SourceState | null;
  /** Assignment to the app regardless of Sync all, for the scope step. */
  assigned: Map<string, boolean>;
}

interface Prepared {
  request: OnDemandRequest;
  job: JobRow;
  config: JobConfiguration;
  users: OnDemandMapping | null;
  groups: OnDemandMapping | null;
  imported: Imported;
  now: Date;
}

function isActive(state: SourceState): boolean {
  return state.source !== null && !state.softDeleted && state.source.accountEnabled !== false;
}

function notFound(type: 'User' | 'Group', id: string, why: string): GraphError {
  return new GraphError(404, 'Request_ResourceNotFound', `${type} '${id}' ${why}`);
}

/**
 * `POST …/jobs/{jobId}/provisionOnDemand` (reference §8.3): one user, or one group and up to five of its members,
 * through the engine's own per-object pipeline (processObject / resolveReferences), right now and outside the
 * job's schedule. Reads happen first, then the SCIM calls (no transaction open), then ONE transaction writes the
 * links (so the next cycle sees the objects as linked) and the provisioning-log entries. Calls for one job are
 * serialised in this process, so two calls can't both create the same object.
 */
@Injectable()
export class ProvisionOnDemandService {
  /** One on-demand call per job at a time (in this process). */
  private readonly perJob = new KeyedMutex();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ENTRA_CONFIG) private readonly settings: EntraConfig,
    private readonly jobs: SyncJobsService,
    private readonly engine: SyncEngine,
    private readonly configuration: JobConfigurationReader,
    private readonly writer: ProvisioningLogWriter,
    private readonly limiter: OnDemandRateLimiter,
    @Inject(SCIM_TRUSTED_CA) private readonly extraCa: ScimTrustedCa,
  ) {}

  async provision(call: OnDemandCall): Promise<StringKeyStringValuePair> {
    const prepared = await this.prepare(call);
    return this.perJob.run(prepared.job.id, () => this.run(prepared, call));
  }

  /** 404 unknown app or job, 400 bad body, 429 over the rate limit, 400 unknown rule, 404 unknown objects. */
  private async prepare(call: OnDemandCall): Promise<Prepared> {
    const sp = await this.jobs.servicePrincipal(call.servicePrincipal);
    const apiJob = await this.jobs.getJob(sp.id, call.jobId);
    let request: OnDemandRequest;
    try {
      request = parseProvisionOnDemandRequest(call.body);
    } catch (error) {
      if (error instanceof OnDemandRequestError) throw GraphError.badRequest(error.message);
      throw error;
    }
    const decision = this.limiter.take(apiJob.id);
    if (!decision.allowed) throw new OnDemandThrottledError(decision.retryAfterSeconds);
    const job = await this.engine.runner.loadJob(this.db.manager, apiJob.id);
    if (!job) throw GraphError.notFound(call.jobId);
    const config = await this.configuration.read(job);
    const rule = findRule(config.schema, request.ruleId);
    if (!rule) {
      const known = config.schema.synchronizationRules.map((r) => `'${r.id}' (${r.name})`).join(', ');
      throw GraphError.badRequest(
        `The ruleId '${request.ruleId.slice(0, 64)}' is not a synchronization rule of job '${job.id}'. Rules of its schema: ${known || 'none'}.`,
      );
    }
    const now = this.clock.now();
    const mappingSettings = { skipOutOfScopeDeletions: config.skipOutOfScopeDeletions, now };
    const users = onDemandMapping(config.schema, rule, 'User', mappingSettings);
    const groups = onDemandMapping(config.schema, rule, 'Group', mappingSettings);
    if (request.objectTypeName === 'User' && !users)
      throw GraphError.badRequest(`The rule '${rule.name}' has no enabled object mapping for users.`);
    if (request.objectTypeName === 'Group' && !groups)
      throw GraphError.badRequest(
        `The rule '${rule.name}' has no enabled object mapping for groups: this application does not provision groups.`,
      );
    if (request.memberIds.length > 0 && !users)
      throw GraphError.badRequest(`The rule '${rule.name}' has no enabled object mapping for users: group members can't be provisioned.`);
    const read: ReadOptions = {
      servicePrincipalId: job.service_principal_id,
      syncAll: false,
      withRoles: users !== null && mappingReads(users.mapping, 'appRoleAssignments'),
    };
    const imported = await this.importSubject(request, read, config.syncAll);
    return { request, job, config, users, groups: request.objectTypeName === 'Group' ? groups : null, imported, now };
  }

  /**
   * Reads the subject (and the group's selected members). Deleted and disabled users can't be provisioned on
   * demand (they don't show up in the portal's search, reference §8.3): 404, as for an unknown id.
   */
  private async importSubject(request: OnDemandRequest, read: ReadOptions, syncAll: boolean): Promise<Imported> {
    const reader = new SourceReader(this.db.manager);
    const userIds = request.objectTypeName === 'User' ? [request.objectId] : request.memberIds;
    let group: SourceState | null = null;
    if (request.objectTypeName === 'Group') {
      group = (await reader.groups([request.objectId], read))[0];
      if (!group.source || group.softDeleted) throw notFound('Group', request.objectId, 'does not exist or is deleted.');
    }
    const users = await reader.users(userIds, read);
    for (const user of users) {
      if (!user.source || user.softDeleted)
        throw notFound('User', user.id, 'does not exist or is deleted: on-demand provisioning only offers existing users.');
      if (user.source.accountEnabled === false)
        throw notFound(
          'User',
          user.id,
          'is disabled (accountEnabled false): on-demand provisioning does not offer disabled users; the next cycle disables it in the app.',
        );
    }
    if (group) {
      const members = new Set((group.source?.members as string[] | undefined) ?? []);
      for (const id of request.memberIds) {
        if (!members.has(id)) throw GraphError.badRequest(`User '${id}' is not a direct member of group '${group.id}'.`);
      }
    }
    const assigned = new Map<string, boolean>();
    const withScope = (state: SourceState): SourceState => {
      assigned.set(state.id, state.assigned);
      return { ...state, assigned: state.assigned || syncAll };
    };
    return { users: users.map(withScope), group: group ? withScope(group) : null, assigned };
  }

  private async run(prepared: Prepared, call: OnDemandCall): Promise<StringKeyStringValuePair> {
    const { request, job, config, imported } = prepared;
    const startedAt = this.clock.now();
    const wallStart = Date.now();
    const failed = (error: { errorCode: string; reason: string; recommendedAction?: string | null }) =>
      this.testConnectionFailed(call, request, config, error);
    if (!config.baseAddress || !config.secretToken) {
      return failed({
        errorCode: SCIM_ERROR_CODES.credentialValidationFailure,
        reason: 'No Tenant URL (BaseAddress) and Secret Token are saved for this application.',
        recommendedAction: 'Enter the Tenant URL and Secret Token in the provisioning settings, then use Test Connection.',
      });
    }
    let connector: ScimConnector;
    try {
      connector = ScimConnector.open(
        { baseAddress: config.baseAddress, secretToken: config.secretToken },
        { concurrency: ON_DEMAND_CONCURRENCY, timeoutMs: this.settings.SYNC_TIMEOUT_MS, extraCa: this.extraCa },
      );
    } catch (error) {
      if (error instanceof ConnectorError) return failed(error);
      throw error;
    }
    const outcomes: ObjectOutcome[] = [];
    // The Test Connection GET is shown with the first object's entry: the call sent it before that object's requests.
    const connectionCheck = new ScimTrace();
    try {
      try {
        await connector.validateCredentials({ matchingAttribute: userMatchingAttribute(config.schema), trace: connectionCheck });
      } catch (error) {
        if (error instanceof ConnectorError) return failed(error);
        throw error;
      }
      await this.process(prepared, connector, outcomes);
    } finally {
      await connector.close();
    }
    const summaries = await this.commit(job, config, outcomes, call.initiatedBy, connectionCheck);
    call.onLogIds?.(summaries.map((s) => s.id));
    const records = outcomes.map((outcome, i) => this.record(prepared, outcome, summaries[i], startedAt, wallStart));
    if (records.length === 0) throw new Error('provisionOnDemand processed no object');
    const primary = records.length - 1;
    // A group call: the group's record (processed last); a user call: the user's. Other results only via the key.
    return stringKeyStringValuePair(
      call.context,
      imported.group ? combinedKey(records[primary], records.slice(0, primary)) : onDemandKey(records[primary]),
      records[primary],
    );
  }

  /** Members (users) first, then their references, then the group: the order of a cycle's page. */
  private async process(prepared: Prepared, connector: ScimConnector, outcomes: ObjectOutcome[]): Promise<void> {
    const { job, imported, request, users, groups, now } = prepared;
    const store = new LinkStore(this.db.manager);
    const all = [...imported.users, ...(imported.group ? [imported.group] : [])];
    const links = await store.linksOf(
      job.id,
      all.map((s) => s.id),
    );
    const referenced = new Set<string>(request.memberIds);
    for (const user of imported.users) {
      const manager = user.source?.manager;
      if (typeof manager === 'string') referenced.add(manager);
    }
    const references = await store.targetIdsOf(job.id, [...referenced]);
    try {
      if (users) {
        const ctx = onDemandProcessorContext(users, connector, references, now);
        for (const user of imported.users) await processObject(ctx, user, links.get(user.id) ?? null, outcomes);
        for (const outcome of [...outcomes]) await resolveReferences(ctx, outcome);
      }
      if (imported.group && groups) {
        const ctx = onDemandProcessorContext(groups, connector, references, now);
        const start = outcomes.length;
        const group = withSelectedMembers(imported.group, request.memberIds, links, outcomes, references);
        await processObject(ctx, group, links.get(group.id) ?? null, outcomes);
        for (const outcome of outcomes.slice(start)) await resolveReferences(ctx, outcome);
      }
    } catch (error) {
      // The target refused the credentials or can't be reached any more: what happened so far is recorded.
      if (!(error instanceof ConnectorError) || error.reaction !== 'quarantine') throw error;
    }
  }

  /** Links and log entries in one transaction (never around a SCIM call). Escrows and the job's status are left alone. */
  private async commit(
    job: JobRow,
    config: JobConfiguration,
    outcomes: ObjectOutcome[],
    initiatedBy: Initiator,
    connectionCheck: ScimTrace,
  ): Promise<ProvisioningObjectSummary[]> {
    const at = this.clock.now();
    const cycleId = randomUUID();
    const summaries = outcomes.map((outcome) => summaryOf({ outcome, cycleId, job, config, initiatedBy }, at));
    const upserts = outcomes.flatMap((o) => (o.link && o.link !== 'remove' ? [o.link] : []));
    const removals = outcomes.filter((o) => o.link === 'remove').map((o) => o.state.id);
    const requests = outcomes.map((o, i) => (i === 0 ? [...connectionCheck.records, ...(o.trace?.records ?? [])] : o.trace?.records));
    await this.db.transaction(async (tx) => {
      const store = new LinkStore(tx);
      await store.upsertLinks(job.id, upserts, at);
      await store.removeLinks(job.id, removals);
      await this.writer.writeBatch(summaries, tx, requests);
    });
    return summaries;
  }

  private record(
    prepared: Prepared,
    outcome: ObjectOutcome,
    summary: ProvisioningObjectSummary,
    startedAt: Date,
    wallStart: number,
  ): OnDemandRecord {
    const startTime = new Date(startedAt.getTime() + Math.max(0, outcome.startedAt - wallStart));
    const endTime = new Date(startTime.getTime() + Math.max(0, Math.round(outcome.durationMs)));
    const { state } = outcome;
    const mapping = state.objectType === 'User' ? prepared.users : prepared.groups;
    let scope: Record<string, string> | undefined;
    if (state.source && mapping) {
      const logged = summary.provisioningSteps.find((s) => s.provisioningStepType === 'scoping')?.details ?? {};
      const facts = {
        active: isActive(state),
        assigned: prepared.imported.assigned.get(state.id) ?? false,
        syncAll: prepared.config.syncAll,
        filters: scopingFilterDetails(mapping.scope, state.source),
      };
      scope = onDemandScopeDetails(facts, logged);
    }
    return onDemandRecord(summary, { startTime, endTime }, outcome.action.reportableIdentifier, scope);
  }

  /** Test connection failed (or there is nothing to connect with): a Failure with that one step; nothing is logged. */
  private testConnectionFailed(
    call: OnDemandCall,
    request: OnDemandRequest,
    config: JobConfiguration,
    error: { errorCode: string; reason: string; recommendedAction?: string | null },
  ): StringKeyStringValuePair {
    const record = testConnectionFailureRecord({
      changeId: randomUUID(),
      objectId: request.objectId,
      objectType: request.objectTypeName,
      errorCode: error.errorCode,
      reason: error.reason,
      recommendedAction: error.recommendedAction ?? null,
      at: this.clock.now(),
      targetSystemName: config.servicePrincipalName,
    });
    return stringKeyStringValuePair(call.context, onDemandKey(record), record);
  }
}

/**
 * The group as planned on demand: its members are the selected ones plus those already known to be in the target
 * group, so a call adds or removes only the selected members (reference §8.3: "updating up to five members at a
 * time") and never drops the others. Known target members are carried as synthetic source ids resolving to
 * themselves in `references`.
 */
export function withSelectedMembers(
  group: SourceState,
  selected: readonly string[],
  links: Map<string, Link>,
  outcomes: readonly ObjectOutcome[],
  references: Map<string, string>,
): SourceState {
  const selectedTargets = new Set<string>();
  for (const id of selected) {
    const linked = links.get(id)?.targetId;
    if (linked) selectedTargets.add(linked);
    const processed = outcomes.find((o) => o.state.id === id)?.targetId;
    if (processed) selectedTargets.add(processed);
  }
  const kept: string[] = [];
  for (const targetId of links.get(group.id)?.memberTargetIds ?? []) {
    if (selectedTargets.has(targetId)) continue;
    const key = `target:${targetId}`;
    references.set(key, targetId);
    kept.push(key);
  }
  return { ...group, source: group.source ? { ...group.source, members: [...selected, ...kept] } : null };
}
