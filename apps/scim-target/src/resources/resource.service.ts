import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import {
  applyPatch,
  conjunctiveEqualities,
  evaluateFilter,
  FilterNode,
  listResponse,
  normalizeResource,
  omitNeverReturned,
  parseFilter,
  projectResource,
  ResourceSchema,
  ScimError,
  ScimResource,
  validateFilter,
} from '@app/scim';
import { Tenant } from '../tenants/tenant.registry';
import { KeyedMutex } from '@app/platform';
import { IndexedEquality, IndexedValues, ResourceRepository, StoredResource } from './resource.repository';

export interface ListQuery {
  filter?: string;
  startIndex: number;
  count: number;
  attributes?: string[];
  excludedAttributes?: string[];
}

export interface Projection {
  attributes?: string[];
  excludedAttributes?: string[];
}

/** A resource as answered on the wire, with the ETag that goes into the header. */
export interface Rendered {
  body: ScimResource;
  etag: string;
}

const INDEXED_COLUMNS: Record<string, IndexedEquality['column']> = {
  id: 'id',
  userName: 'userName',
  displayName: 'displayName',
  externalId: 'externalId',
};
const MAX_UPDATE_ATTEMPTS = 5;
/**
 * Resources whose last version this process keeps (ResourceService.recent): Entra reads an object and then PATCHes it,
 * a page of up to 500 objects apart, so a few thousand cover the gap with room. A Kintone-shaped user takes about 1.1
 * kB of heap; a group grows with its members, so the bound also counts them: a resource is one unit plus one per member
 * (about 80 bytes each), and a group with more members than the whole bound is not kept.
 */
export const RECENT_RESOURCES = 5_000;
export const RECENT_UNITS = 50_000;

function hasProjection(projection: Projection): boolean {
  return projection.attributes !== undefined || projection.excludedAttributes !== undefined;
}

export function etagOf(version: number): string {
  return `W/"${version}"`;
}

const ETAG = /^(?:W\/)?"(0|[1-9]\d{0,9})"$/;
const MAX_VERSION = 2_147_483_647; // the version column is an integer

/**
 * The versions an `If-Match` header pins: undefined when absent or `*` (any version), else the versions of the
 * listed ETags, weak or strong (`W/"3"`, `"3"`). ETags that cannot be ours are left out, so they match nothing.
 */
export function ifMatchVersions(header: string | undefined): number[] | undefined {
  if (header === undefined) return undefined;
  const versions: number[] = [];
  for (const tag of header.split(',')) {
    const trimmed = tag.trim();
    if (trimmed === '*') return undefined;
    const match = ETAG.exec(trimmed);
    const version = match ? Number(match[1]) : NaN;
    if (version <= MAX_VERSION) versions.push(version);
  }
  return versions;
}

/** `If-Match` holds when absent, `*`, or listing the current ETag. */
function ifMatchHolds(header: string | undefined, version: number): boolean {
  const versions = ifMatchVersions(header);
  return versions === undefined || versions.includes(version);
}

/** SCIM resource semantics (RFC 7644 §3) over the repository, for one tenant and resource type at a time. */
@Injectable()
export class ResourceService {
  /** Updates of one resource run one at a time in this process (no optimistic-retry storms under contention). */
  private readonly writes = new KeyedMutex();

  /**
   * The last version of each resource this process read or wrote, most recent first and bounded: an update starts
   * from it instead of reading the row again (Entra GETs a linked user just before it PATCHes it; the read was a third
   * of the database statements of that pair). It is safe with other processes writing the same rows because every
   * write is conditional on the version it started from: a version someone else has replaced makes the write miss,
   * and the update reads the row afresh. Rows are never changed in place (applyPatch and normalizeResource copy).
   */
  private readonly recent = new LRUCache<string, StoredResource>({
    max: RECENT_RESOURCES,
    maxSize: RECENT_UNITS,
    sizeCalculation: (row) => 1 + (Array.isArray(row.data.members) ? row.data.members.length : 0),
  });

  constructor(private readonly repo: ResourceRepository) {}

  /**
   * The resource as answered. `returned: "never"` attributes (password) are left out of every answer (RFC 7643 §2.4):
   * by the projection when `attributes`/`excludedAttributes` is given, else by dropping just those attributes,
   * which keeps the common case free of a full projection.
   */
  render(stored: StoredResource, schema: ResourceSchema, baseUrl: string, projection: Projection = {}): Rendered {
    const { schemas, ...attributes } = omitNeverReturned(stored.data, schema);
    const location = `${baseUrl}${schema.resourceType.endpoint}/${stored.id}`;
    const full: ScimResource = {
      schemas,
      id: stored.id,
      ...attributes,
      meta: {
        resourceType: schema.resourceType.name,
        created: new Date(stored.created).toISOString(),
        lastModified: new Date(stored.lastModified).toISOString(),
        location,
        version: etagOf(stored.version),
      },
    };
    const body = hasProjection(projection) ? projectResource(full, schema, projection) : full;
    return { body, etag: etagOf(stored.version) };
  }

  async list(tenant: Tenant, schema: ResourceSchema, query: ListQuery, baseUrl: string): Promise<object> {
    const projection = { attributes: query.attributes, excludedAttributes: query.excludedAttributes };
    const type = schema.resourceType.name;
    if (!query.filter) {
      const [total, rows] = await Promise.all([
        this.repo.count(tenant.name, type),
        this.repo.page(tenant.name, type, query.startIndex - 1, query.count),
      ]);
      return listResponse(
        rows.map((r) => this.render(r, schema, baseUrl, projection).body),
        total,
        query.startIndex,
      );
    }
    const filter = this.compileFilter(tenant, schema, query.filter);
    const equalities = this.indexedEqualities(filter, schema);
    const first = query.startIndex - 1;
    const page: ScimResource[] = [];
    let total = 0;
    for await (const row of this.repo.scan(tenant.name, type, equalities)) {
      // The filter sees what a client may see (no password), whatever the profile lets it name.
      const rendered = this.render(row, schema, baseUrl);
      if (!evaluateFilter(filter, rendered.body, schema)) continue;
      if (total >= first && page.length < query.count) {
        page.push(hasProjection(projection) ? projectResource(rendered.body, schema, projection) : rendered.body);
      }
      total++;
    }
    return listResponse(page, total, query.startIndex);
  }

  private compileFilter(tenant: Tenant, schema: ResourceSchema, text: string): FilterNode {
    const node = parseFilter(text);
    validateFilter(node, schema, (path) => tenant.profile.isFilterable(schema, path));
    return node;
  }

  private indexedEqualities(filter: FilterNode, schema: ResourceSchema): IndexedEquality[] {
    if (filter.kind === 'or') {
      // Each branch one equality on the same indexed attribute: the rows matching any of the values are the
      // candidates (the filter itself is still evaluated on each).
      const branches = filter.filters.map((f) => (f.kind === 'compare' ? conjunctiveEqualities(f, schema) : []));
      const path = branches[0]?.[0]?.path;
      const column = path === undefined ? undefined : INDEXED_COLUMNS[path];
      if (!column || !branches.every((b) => b.length === 1 && b[0].path === path && typeof b[0].value === 'string')) return [];
      return [{ column, anyOf: branches.map((b) => b[0].value as string) }];
    }
    return conjunctiveEqualities(filter, schema).flatMap((eq) => {
      const column = INDEXED_COLUMNS[eq.path];
      return column && typeof eq.value === 'string' ? [{ column, value: eq.value }] : [];
    });
  }

  async get(tenant: Tenant, schema: ResourceSchema, id: string, baseUrl: string, projection: Projection): Promise<Rendered> {
    const row = await this.mustFind(tenant, schema, id);
    this.recent.set(recentKey(tenant, schema, id), row);
    return this.render(row, schema, baseUrl, projection);
  }

  async create(tenant: Tenant, schema: ResourceSchema, body: unknown, baseUrl: string, projection: Projection): Promise<Rendered> {
    const data = normalizeResource(body, schema, 'create');
    const row = await this.repo.insert(tenant.name, schema.resourceType.name, randomUUID(), data, indexedValues(data), new Date());
    this.recent.set(recentKey(tenant, schema, row.id), row);
    return this.render(row, schema, baseUrl, projection);
  }

  async replace(
    tenant: Tenant,
    schema: ResourceSchema,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
    baseUrl: string,
    projection: Projection,
  ): Promise<Rendered> {
    return this.update(tenant, schema, id, ifMatch, baseUrl, projection, (current) => {
      const next = normalizeResource(body, schema, 'replace', current);
      return { data: next, changed: !isDeepStrictEqual(next, current) };
    });
  }

  async patch(
    tenant: Tenant,
    schema: ResourceSchema,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
    baseUrl: string,
    projection: Projection,
  ): Promise<Rendered> {
    return this.update(tenant, schema, id, ifMatch, baseUrl, projection, (current) => {
      const result = applyPatch(current, body, schema);
      return { data: result.resource, changed: result.changed };
    });
  }

  /** One statement, conditional on the version when If-Match pins one; a read only to tell 404 from 412. */
  async delete(tenant: Tenant, schema: ResourceSchema, id: string, ifMatch: string | undefined): Promise<void> {
    const versions = ifMatchVersions(ifMatch);
    this.recent.delete(recentKey(tenant, schema, id));
    const deleted = await this.repo.delete(tenant.name, schema.resourceType.name, id, versions);
    if (deleted) return;
    if (versions !== undefined && (await this.repo.findById(tenant.name, schema.resourceType.name, id))) {
      throw preconditionFailed();
    }
    throw notFound(schema, id);
  }

  /**
   * Read, compute, write-if-unchanged, one at a time per resource; retried when another process wrote in between
   * (unless If-Match pins a version).
   */
  private update(
    tenant: Tenant,
    schema: ResourceSchema,
    id: string,
    ifMatch: string | undefined,
    baseUrl: string,
    projection: Projection,
    compute: (current: ScimResource) => { data: ScimResource; changed: boolean },
  ): Promise<Rendered> {
    return this.writes.run(`${tenant.name}/${id}`, () => this.updateOnce(tenant, schema, id, ifMatch, baseUrl, projection, compute));
  }

  private async updateOnce(
    tenant: Tenant,
    schema: ResourceSchema,
    id: string,
    ifMatch: string | undefined,
    baseUrl: string,
    projection: Projection,
    compute: (current: ScimResource) => { data: ScimResource; changed: boolean },
  ): Promise<Rendered> {
    const key = recentKey(tenant, schema, id);
    for (let attempt = 1; ; attempt++) {
      // If-Match is checked against the stored version, never a kept one; so is a change that turns out to be none.
      const kept = attempt === 1 && ifMatch === undefined ? this.recent.get(key) : undefined;
      const row = kept ?? (await this.mustFind(tenant, schema, id));
      if (!ifMatchHolds(ifMatch, row.version)) throw preconditionFailed();
      let computed: { data: ScimResource; changed: boolean };
      try {
        computed = compute(row.data);
      } catch (error) {
        if (kept) continue; // refused on the kept version: what the stored one answers is what counts
        throw error;
      }
      const { data, changed } = computed;
      if (!changed) {
        if (kept) continue; // the stored row may differ from the kept one: compare with it
        return this.render(row, schema, baseUrl, projection);
      }
      const written = await this.repo.update(tenant.name, schema.resourceType.name, id, row.version, data, indexedValues(data), new Date());
      if (written) {
        this.recent.set(key, written);
        return this.render(written, schema, baseUrl, projection);
      }
      this.recent.delete(key);
      if (ifMatch !== undefined) throw preconditionFailed();
      if (attempt >= MAX_UPDATE_ATTEMPTS) {
        throw new ScimError(409, undefined, 'The resource kept changing concurrently; try again');
      }
    }
  }

  private async mustFind(tenant: Tenant, schema: ResourceSchema, id: string): Promise<StoredResource> {
    const row = await this.repo.findById(tenant.name, schema.resourceType.name, id);
    if (!row) throw notFound(schema, id);
    return row;
  }
}

/**
 * Longest value of an indexed attribute, in UTF-8 bytes. PostgreSQL refuses an index entry over about 2.7 kB (and
 * lower() may lengthen text), so a longer value is refused here, as bad input, rather than failing in the database.
 */
export const MAX_INDEXED_VALUE_BYTES = 1024;

function indexedValues(data: ScimResource): IndexedValues {
  const text = (name: 'userName' | 'displayName' | 'externalId'): string | null => {
    const value = data[name];
    if (typeof value !== 'string') return null;
    if (Buffer.byteLength(value) > MAX_INDEXED_VALUE_BYTES) {
      throw new ScimError(400, 'invalidValue', `${name} is longer than the server accepts (${MAX_INDEXED_VALUE_BYTES} bytes in UTF-8)`);
    }
    return value;
  };
  return { userName: text('userName'), displayName: text('displayName'), externalId: text('externalId') };
}

/** Where ResourceService.recent keeps a resource. */
function recentKey(tenant: Tenant, schema: ResourceSchema, id: string): string {
  return `${tenant.name}\u0000${schema.resourceType.name}\u0000${id}`;
}

function notFound(schema: ResourceSchema, id: string): ScimError {
  return new ScimError(404, undefined, `${schema.resourceType.name} ${JSON.stringify(id)} not found`);
}

function preconditionFailed(): ScimError {
  return new ScimError(412, undefined, 'If-Match does not match the current version of the resource');
}
