import { randomUUID } from 'node:crypto';
import type { ScimRequest, ScimResource } from '@app/provisioning-core';
import { applyPatch, getProfile, type ResourceSchema } from '@app/scim';
import { ConnectorError, type ScimConnector } from '../src/sync/connector';

/**
 * A SCIM target in memory: users by id, found by userName; records every write. With `applyPatches`, a PATCH of a
 * user it holds changes it (as the SCIM target's generic profile would); otherwise PATCHes are only recorded.
 */
export class FakeTarget {
  constructor(private readonly options: { applyPatches?: boolean } = {}) {}

  readonly users = new Map<string, ScimResource>();
  readonly writes: ScimRequest[] = [];
  /** Ids read one by one (GET /Users/{id}). */
  readonly reads: string[] = [];
  failWith: ConnectorError | null = null;

  connector(): ScimConnector {
    const fake = {
      shape: 'default' as const,
      get: async (_type: string, id: string) => {
        this.reads.push(id);
        return this.users.get(id) ?? null;
      },
      query: async (_type: string, filter: string) => {
        const wanted = /userName eq "(.*)"/.exec(filter)?.[1];
        return [...this.users.values()].filter((u) => u.userName === wanted);
      },
      execute: async (request: ScimRequest) => {
        if (this.failWith) throw this.failWith;
        this.writes.push(request);
        if (request.method === 'POST') {
          const created = { ...(request.body as ScimResource), id: randomUUID() };
          this.users.set(created.id as string, created);
          return created;
        }
        const id = request.path.startsWith('/Users/') ? request.path.slice('/Users/'.length) : null;
        const user = id === null ? undefined : this.users.get(id);
        if (request.method === 'PATCH' && this.options.applyPatches && user) {
          this.users.set(id!, { ...applyPatch(user, request.body, USERS).resource, id: id! });
        }
        return null;
      },
      validateCredentials: async () => undefined,
      close: async () => undefined,
    };
    return fake as unknown as ScimConnector;
  }
}

const USERS = getProfile('generic').resourceSchemas.get('Users') as ResourceSchema;
