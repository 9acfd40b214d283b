import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { encodeSkipToken, queryFingerprint } from '@app/odata';
import { httpRequest } from '@app/testing';
import {
  buildProvisioningObjectSummary,
  LOG_INSERT_CHUNK,
  LoggedAction,
  PROVISIONING_OBJECT_SUMMARY_PROPERTIES,
  ProvisioningLogWriter,
  ProvisioningObjectSummary,
  SYSTEM_INITIATOR,
  userInitiator,
} from '../src/sync/logs';
import { startTestEntra, TestEntra } from './harness';

const DAY = 24 * 60 * 60 * 1000;
const JOB_A = 'scim.0b3f0c3a5c9b4c6f8d2e1a7b9c0d1e2f.aaaa';
const JOB_B = 'scim.0b3f0c3a5c9b4c6f8d2e1a7b9c0d1e2f.bbbb';
const ACTIONS = ['create', 'update', 'delete', 'disable', 'other'] as const;

/** An independent RFC 4180 reader (csv-parse, the sibling of the csv-stringify the export writes with). */
const parseCsv = (text: string): string[][] => parse(text, { relax_column_count: true }) as string[][];

function makeEntry(i: number, at: Date, overrides: { jobId?: string; id?: string } = {}): ProvisioningObjectSummary {
  const provisioningAction = ACTIONS[i % ACTIONS.length];
  const failed = i % 7 === 0 && provisioningAction !== 'other';
  const action: LoggedAction = {
    objectType: i % 10 === 9 ? 'Group' : 'User',
    reportableIdentifier: `user${i}@contoso.com`,
    provisioningAction,
    status: provisioningAction === 'other' ? 'skipped' : 'success',
    errorCode: null,
    reason: provisioningAction === 'other' ? 'The source and target already match.' : 'Exported.',
    steps: [
      { name: 'EntryImport', provisioningStepType: 'import', status: 'success', description: `Retrieved user${i}, "quoted"`, details: {} },
      provisioningAction === 'other'
        ? {
            name: 'EntrySynchronizationSkip',
            provisioningStepType: 'processing',
            status: 'skipped',
            description: 'skip',
            details: { SkipReason: 'RedundantExport' },
          }
        : { name: 'EntryExportUpdate', provisioningStepType: 'export', status: 'success', description: 'export', details: {} },
    ],
    modifiedProperties:
      provisioningAction === 'other' ? [] : [{ displayName: 'displayName', oldValue: i % 2 ? null : 'Old, name', newValue: `User ${i}` }],
  };
  return buildProvisioningObjectSummary({
    id: overrides.id ?? randomUUID(),
    changeId: randomUUID(),
    cycleId: `cycle-${i % 4}`,
    jobId: overrides.jobId ?? (i % 3 === 0 ? JOB_B : JOB_A),
    tenantId: 'tenant-1',
    action,
    outcome: failed ? { status: 'failure', error: { errorCode: i % 2 ? 'Timeout' : 'EntryConflict', reason: 'It failed.' } } : undefined,
    servicePrincipal:
      i % 3 === 0 ? { id: 'sp-b', displayName: 'Kintone B', appId: 'app-b' } : { id: 'sp-a', displayName: 'Kintone', appId: 'app-a' },
    source: { id: `src-${i}`, displayName: i % 5 === 0 ? `Adele Vance ${i}` : `User ${i}` },
    target: { id: provisioningAction === 'create' && failed ? null : `t-${i}`, displayName: `user${i}@contoso.com` },
    targetSystem: { id: 'target-system', displayName: i % 3 === 0 ? 'Kintone B' : 'Kintone' },
    initiatedBy: i === 5 ? userInitiator('admin-1', 'Admin') : SYSTEM_INITIATOR,
    activityDateTime: at,
    durationInMilliseconds: (i * 37) % 400,
  });
}

/** Newest first, id breaking ties the way the database orders them (COLLATE "C"). */
const byTimeDesc = (a: ProvisioningObjectSummary, b: ProvisioningObjectSummary): number =>
  a.activityDateTime !== b.activityDateTime ? (a.activityDateTime < b.activityDateTime ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;

describe('provisioning logs: GET /v1.0/auditLogs/provisioning', () => {
  let entra: TestEntra;
  let entries: ProvisioningObjectSummary[];
  let now: Date;

  const q = encodeURIComponent;
  /** Follows @odata.nextLink from `path` to the end; answers every page's ids in order. */
  async function listAll(path: string): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let pages = 0;
    let res = await entra.graph('GET', path);
    for (;;) {
      expect(res.status).toBe(200);
      pages++;
      ids.push(...res.body.value.map((e: { id: string }) => e.id));
      const next: string | undefined = res.body['@odata.nextLink'];
      if (!next) return { ids, pages };
      expect(pages).toBeLessThan(1000);
      res = await httpRequest('GET', next, { token: entra.identity.adminToken });
    }
  }

  beforeAll(async () => {
    entra = await startTestEntra({ PROVSIM_CLOCK: 'manual' });
    now = new Date((await httpRequest('GET', `${entra.url}/sim/clock`, { token: entra.identity.adminToken })).body.now);
    // Pairs of entries share a timestamp, so the id must break ties for paging to be exact.
    entries = Array.from({ length: 250 }, (_, i) => makeEntry(i, new Date(now.getTime() - Math.floor(i / 2) * 60_000)));
    await entra.app.get(ProvisioningLogWriter).writeBatch(entries);
  });
  afterAll(() => entra.stop());

  it('lists newest first with the default page size and Graph property order', async () => {
    const res = await entra.graph('GET', '/auditLogs/provisioning');
    expect(res.status).toBe(200);
    expect(res.body['@odata.context']).toBe(`${entra.url}/v1.0/$metadata#auditLogs/provisioning`);
    expect(res.body.value).toHaveLength(100);
    expect(res.body['@odata.nextLink']).toContain('$skiptoken=');
    const sorted = [...entries].sort(byTimeDesc);
    expect(res.body.value.map((e: ProvisioningObjectSummary) => e.id)).toEqual(sorted.slice(0, 100).map((e) => e.id));
    expect(Object.keys(res.body.value[0])).toEqual([...PROVISIONING_OBJECT_SUMMARY_PROPERTIES]);
    expect(res.body.value[0]).toEqual(JSON.parse(JSON.stringify(sorted[0])));
  });

  it('is served under /beta too, with the same entries, a beta @odata.context and beta next links', async () => {
    const v1 = await entra.graph('GET', `/auditLogs/provisioning?$top=3&$filter=${q("provisioningAction eq 'create'")}`);
    const beta = await httpRequest(
      'GET',
      `${entra.url}/beta/auditLogs/provisioning?$top=3&$filter=${q("provisioningAction eq 'create'")}`,
      { token: entra.identity.adminToken },
    );
    expect(beta.status).toBe(200);
    expect(beta.body['@odata.context']).toBe(`${entra.url}/beta/$metadata#auditLogs/provisioning`);
    expect(beta.body.value).toEqual(v1.body.value);
    expect(beta.body['@odata.nextLink']).toMatch(new RegExp(`^${entra.url}/beta/auditLogs/provisioning\\?`));
    const one = await httpRequest('GET', `${entra.url}/beta/auditLogs/provisioning/${v1.body.value[0].id}`, {
      token: entra.identity.adminToken,
    });
    expect(one.body['@odata.context']).toBe(`${entra.url}/beta/$metadata#auditLogs/provisioning/$entity`);
    expect((await httpRequest('GET', `${entra.url}/beta/auditLogs/provisioning`)).status).toBe(401);
  });

  it.each([
    ['desc (default)', '', (list: ProvisioningObjectSummary[]) => [...list].sort(byTimeDesc)],
    ['desc', '&$orderby=activityDateTime desc', (list: ProvisioningObjectSummary[]) => [...list].sort(byTimeDesc)],
    ['asc', '&$orderby=activityDateTime asc', (list: ProvisioningObjectSummary[]) => [...list].sort(byTimeDesc).reverse()],
    ['asc, no direction', '&$orderby=ActivityDateTime', (list: ProvisioningObjectSummary[]) => [...list].sort(byTimeDesc).reverse()],
  ])('pages by nextLink, %s: every entry exactly once, in order', async (_name, orderby, expected) => {
    const { ids, pages } = await listAll(`/auditLogs/provisioning?$top=17${orderby.replace(/ /g, '%20')}`);
    expect(pages).toBe(Math.ceil(entries.length / 17));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expected(entries).map((e) => e.id));
  });

  const statusOf = (e: ProvisioningObjectSummary) => e.provisioningStatusInfo.status;
  const FILTERS: [string, (e: ProvisioningObjectSummary) => boolean][] = [
    [`jobId eq '${JOB_B}'`, (e) => e.jobId === JOB_B],
    [`contains(jobId,'.bbbb')`, (e) => e.jobId.includes('.bbbb')],
    [`contains(sourceIdentity/displayName,'Adele')`, (e) => e.sourceIdentity.displayName.includes('Adele')],
    [`contains(sourceIdentity/displayName,'adele')`, () => false],
    [`sourceIdentity/displayName eq 'User 7'`, (e) => e.sourceIdentity.displayName === 'User 7'],
    [`provisioningStatusInfo/status eq 'FAILURE'`, (e) => statusOf(e) === 'failure'],
    [`provisioningStatusInfo/status eq 'skipped'`, (e) => statusOf(e) === 'skipped'],
    [
      `provisioningStatusInfo/errorInformation/errorCode eq 'Timeout'`,
      (e) => e.provisioningStatusInfo.errorInformation?.errorCode === 'Timeout',
    ],
    [
      `provisioningAction eq 'create' or provisioningAction eq 'delete'`,
      (e) => e.provisioningAction === 'create' || e.provisioningAction === 'delete',
    ],
    [`provisioningAction eq 'Create'`, () => false],
    [`cycleId eq 'cycle-1' and durationInMilliseconds ge 200`, (e) => e.cycleId === 'cycle-1' && e.durationInMilliseconds >= 200],
    [
      `jobId eq '${JOB_A}' and (contains(changeId,'a') or durationInMilliseconds lt 50)`,
      (e) => e.jobId === JOB_A && (e.changeId.includes('a') || e.durationInMilliseconds < 50),
    ],
    [`servicePrincipal/id eq 'sp-b'`, (e) => e.servicePrincipal.id === 'sp-b'],
    [`servicePrincipal/displayName eq 'Kintone'`, (e) => e.servicePrincipal.displayName === 'Kintone'],
    [`targetSystem/displayName eq 'Kintone B'`, (e) => e.targetSystem.displayName === 'Kintone B'],
    [`sourceSystem/displayName eq 'Azure Active Directory'`, () => true],
    [`sourceIdentity/identityType eq 'Group'`, (e) => e.sourceIdentity.identityType === 'Group'],
    [`contains(targetIdentity/identityType,'core:2.0:Group')`, (e) => e.targetIdentity.identityType.includes('core:2.0:Group')],
    [`targetIdentity/id eq ''`, (e) => e.targetIdentity.id === ''],
    [`contains(targetIdentity/displayName,'user1')`, (e) => e.targetIdentity.displayName.includes('user1')],
    [`initiatedBy/displayName eq 'Admin'`, (e) => e.initiatedBy.displayName === 'Admin'],
    [`tenantId eq 'tenant-1'`, () => true],
  ];

  it.each(FILTERS)('$filter=%s selects exactly the matching entries (all pages)', async (filter, predicate) => {
    const { ids } = await listAll(`/auditLogs/provisioning?$top=20&$filter=${q(filter)}`);
    const expected = entries
      .filter(predicate)
      .sort(byTimeDesc)
      .map((e) => e.id);
    expect(ids).toEqual(expected);
  });

  it('filters on the date range, by id and by source id', async () => {
    const sorted = [...entries].sort(byTimeDesc);
    const from = sorted[150].activityDateTime;
    const to = sorted[20].activityDateTime;
    const range = await listAll(
      `/auditLogs/provisioning?$top=50&$filter=${q(`activityDateTime gt ${from} and activityDateTime lt ${to}`)}`,
    );
    expect(range.ids).toEqual(sorted.filter((e) => e.activityDateTime > from && e.activityDateTime < to).map((e) => e.id));
    const one = sorted[3];
    expect((await listAll(`/auditLogs/provisioning?$filter=${q(`id eq '${one.id}'`)}`)).ids).toEqual([one.id]);
    expect((await listAll(`/auditLogs/provisioning?$filter=${q(`activityDateTime eq ${one.activityDateTime}`)}`)).ids).toEqual(
      sorted.filter((e) => e.activityDateTime === one.activityDateTime).map((e) => e.id),
    );
    expect((await listAll(`/auditLogs/provisioning?$filter=${q(`sourceIdentity/id eq '${one.sourceIdentity.id}'`)}`)).ids).toEqual([
      one.id,
    ]);
  });

  it('$count=true counts the filtered entries; $select projects', async () => {
    const res = await entra.graph(
      'GET',
      `/auditLogs/provisioning?$count=true&$top=5&$select=jobId,provisioningStatusInfo&$filter=${q(`jobId eq '${JOB_B}'`)}`,
    );
    expect(res.status).toBe(200);
    expect(res.body['@odata.count']).toBe(entries.filter((e) => e.jobId === JOB_B).length);
    expect(Object.keys(res.body.value[0])).toEqual(['id', 'jobId', 'provisioningStatusInfo']);
  });

  it('gets one entry by id; an unknown id is 404 in Graph’s envelope', async () => {
    const entry = entries[42];
    const res = await entra.graph('GET', `/auditLogs/provisioning/${entry.id}`);
    expect(res.status).toBe(200);
    expect(res.body['@odata.context']).toBe(`${entra.url}/v1.0/$metadata#auditLogs/provisioning/$entity`);
    const { '@odata.context': _, ...body } = res.body;
    expect(body).toEqual(JSON.parse(JSON.stringify(entry)));
    // Graph's property order, also inside complex values (jsonb stores its own order).
    expect(Object.keys(body)).toEqual([...PROVISIONING_OBJECT_SUMMARY_PROPERTIES]);
    expect(entry.provisioningStatusInfo.status).toBe('failure');
    expect(Object.keys(body.provisioningStatusInfo)).toEqual(['status', 'errorInformation']);
    expect(Object.keys(body.provisioningStatusInfo.errorInformation)).toEqual([
      'errorCode',
      'reason',
      'additionalDetails',
      'errorCategory',
      'recommendedAction',
    ]);
    expect(Object.keys(body.provisioningSteps[0])).toEqual(['name', 'provisioningStepType', 'status', 'description', 'details']);
    expect(Object.keys(body.modifiedProperties[0])).toEqual(['displayName', 'oldValue', 'newValue']);
    expect(Object.keys(body.targetIdentity)).toEqual(['id', 'displayName', 'identityType', 'details']);
    expect(Object.keys(body.targetSystem)).toEqual(['id', 'displayName', 'details']);
    expect(Object.keys(body.initiatedBy)).toEqual(['id', 'displayName', 'initiatorType']);
    const missing = await entra.graph('GET', `/auditLogs/provisioning/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('Request_ResourceNotFound');
    expect(missing.body.error.innerError['request-id']).toEqual(expect.any(String));
  });

  it.each([
    ['unknown property', 'Request_BadRequest', `$filter=${q("displayName eq 'x'")}`],
    ['unsupported operator', 'Request_BadRequest', `$filter=${q("jobId ne 'x'")}`],
    ['unsupported function', 'Request_BadRequest', `$filter=${q("startswith(jobId,'x')")}`],
    ['not', 'Request_BadRequest', `$filter=${q("not(jobId eq 'x')")}`],
    ['wrong literal type', 'Request_BadRequest', `$filter=${q("activityDateTime gt 'yesterday'")}`],
    ['syntax error', 'Request_BadRequest', `$filter=${q("jobId eq 'x")}`],
    ['injection attempt', 'Request_BadRequest', `$filter=${q("jobId eq 'x' or 1=1; DROP TABLE entra.provisioning_logs")}`],
    ['too long', 'Request_BadRequest', `$filter=${q(`jobId eq '${'x'.repeat(3000)}'`)}`],
    ['$top too large', 'Request_UnsupportedQuery', '$top=1001'],
    ['$top not a number', 'BadRequest', '$top=ten'],
    ['$orderby on another property', 'Request_UnsupportedQuery', '$orderby=jobId'],
    ['$orderby on an unknown property', 'Request_BadRequest', '$orderby=nope'],
    ['$skip', 'Request_BadRequest', '$skip=10'],
    ['tampered $skiptoken', 'Request_BadRequest', '$skiptoken=abc'],
  ])('%s → 400 %s', async (_name, code, query) => {
    const res = await entra.graph('GET', `/auditLogs/provisioning?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(typeof res.body.error.message).toBe('string');
  });

  it('a $skiptoken only continues the query it was made for', async () => {
    const first = await entra.graph('GET', `/auditLogs/provisioning?$top=5&$filter=${q(`jobId eq '${JOB_A}'`)}`);
    const token = new URL(first.body['@odata.nextLink']).searchParams.get('$skiptoken')!;
    const other = await entra.graph('GET', `/auditLogs/provisioning?$top=5&$filter=${q(`jobId eq '${JOB_B}'`)}&$skiptoken=${q(token)}`);
    expect(other.status).toBe(400);
    expect(other.body.error.code).toBe('Request_BadRequest');
    // A well-formed token (right checksum) with a position that is not a timestamp is refused too, never a 500.
    const forged = encodeSkipToken(['not a time', 'x'], queryFingerprint({ resource: 'auditLogs/provisioning' }));
    const res = await entra.graph('GET', `/auditLogs/provisioning?$skiptoken=${q(forged)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('Request_BadRequest');
    // The table is still there after the injection attempt above.
    expect((await entra.graph('GET', '/auditLogs/provisioning?$top=1')).body.value).toHaveLength(1);
  });

  it.each(['/auditLogs/provisioning', `/auditLogs/provisioning/${randomUUID()}`, '/auditLogs/provisioning/$download?format=csv'])(
    '%s needs a token (401)',
    async (path) => {
      const none = await httpRequest('GET', `${entra.graphUrl}${path}`);
      expect(none.status).toBe(401);
      expect(none.body.error.code).toEqual(expect.any(String));
      const wrong = await httpRequest('GET', `${entra.graphUrl}${path}`, { token: 'not-a-token' });
      expect(wrong.status).toBe(401);
    },
  );

  describe('downloads ($download, a provsim extension)', () => {
    const filter = `jobId eq '${JOB_A}'`;
    const selected = () => entries.filter((e) => e.jobId === JOB_A).sort(byTimeDesc);

    it('JSON: one array of every selected entry, as attachment', async () => {
      const res = await entra.graph('GET', `/auditLogs/provisioning/$download?format=json&$filter=${q(filter)}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toBe('attachment; filename="ProvisioningLogs.json"');
      expect(Array.isArray(res.body)).toBe(true);
      expect(res.body).toEqual(JSON.parse(JSON.stringify(selected())));
    });

    it('JSON without a filter holds all entries, oldest first with $orderby asc', async () => {
      const res = await entra.graph('GET', `/auditLogs/provisioning/$download?$orderby=${q('activityDateTime asc')}`);
      expect(res.status).toBe(200);
      expect(res.body.map((e: ProvisioningObjectSummary) => e.id)).toEqual(
        [...entries]
          .sort(byTimeDesc)
          .reverse()
          .map((e) => e.id),
      );
    });

    it('CSV: the three files join by changeId', async () => {
      const get = async (part: string, file: string) => {
        const res = await entra.graph('GET', `/auditLogs/provisioning/$download?format=csv&part=${part}&$filter=${q(filter)}`);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/csv/);
        expect(res.headers['content-disposition']).toBe(`attachment; filename="${file}.csv"`);
        return parseCsv(res.text);
      };
      const summary = await get('summary', 'ProvisioningLogs');
      const steps = await get('steps', 'ProvisioningLogs_ProvisioningSteps');
      const props = await get('modifiedProperties', 'ProvisioningLogs_ModifiedProperties');
      const expected = selected();
      const col = (rows: string[][], name: string) => rows[0].indexOf(name);
      expect(summary.slice(1).map((r) => r[col(summary, 'id')])).toEqual(expected.map((e) => e.id));
      const byChange = new Map(summary.slice(1).map((r) => [r[col(summary, 'changeId')], r]));
      expect(byChange.size).toBe(expected.length);
      for (const e of expected) {
        const row = byChange.get(e.changeId)!;
        expect(row[col(summary, 'provisioningStatusInfo/status')]).toBe(e.provisioningStatusInfo.status);
        const stepRows = steps.slice(1).filter((r) => r[col(steps, 'changeId')] === e.changeId);
        expect(stepRows.map((r) => [r[col(steps, 'name')], r[col(steps, 'status')], r[col(steps, 'description')]])).toEqual(
          e.provisioningSteps.map((s) => [s.name, s.status, s.description]),
        );
        const propRows = props.slice(1).filter((r) => r[col(props, 'changeId')] === e.changeId);
        expect(propRows.map((r) => [r[col(props, 'displayName')], r[col(props, 'oldValue')], r[col(props, 'newValue')]])).toEqual(
          e.modifiedProperties.map((p) => [p.displayName, p.oldValue ?? '', p.newValue ?? '']),
        );
      }
      for (const r of [...steps.slice(1), ...props.slice(1)]) expect(byChange.has(r[0])).toBe(true);
    });

    it.each([
      ['format=xml', 'Request_BadRequest'],
      ['format=json&part=steps', 'Request_BadRequest'],
      ['format=csv&part=nope', 'Request_BadRequest'],
      [`format=csv&$filter=${q('nope eq 1')}`, 'Request_BadRequest'],
    ])('%s → 400', async (query, code) => {
      const res = await entra.graph('GET', `/auditLogs/provisioning/$download?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
    });
  });

  describe('ProvisioningLogWriter in the caller’s transaction', () => {
    it('rolls back with the caller and commits with it', async () => {
      const writer = entra.app.get(ProvisioningLogWriter);
      const db = entra.app.get(DataSource);
      const entry = makeEntry(1000, now);
      await expect(
        db.transaction(async (tx) => {
          await writer.writeBatch([entry], tx);
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect((await entra.graph('GET', `/auditLogs/provisioning/${entry.id}`)).status).toBe(404);
      await db.transaction((tx) => writer.writeBatch([entry], tx));
      expect((await entra.graph('GET', `/auditLogs/provisioning/${entry.id}`)).status).toBe(200);
      await writer.writeBatch([]);
    });

    it('writes a call larger than one INSERT atomically: all of it, or (one chunk failing) nothing', async () => {
      const writer = entra.app.get(ProvisioningLogWriter);
      const count = LOG_INSERT_CHUNK * 2 + 7;
      const bulk = Array.from({ length: count }, (_, i) => makeEntry(i, new Date(now.getTime() - DAY), { jobId: 'bulk' }));
      await writer.writeBatch(bulk);
      const counted = await entra.graph(
        'GET',
        `/auditLogs/provisioning?$top=1&$count=true&$filter=${encodeURIComponent("jobId eq 'bulk'")}`,
      );
      expect(counted.body['@odata.count']).toBe(count);
      const failing = Array.from({ length: count }, (_, i) => makeEntry(i, new Date(now.getTime() - DAY), { jobId: 'bulk-failing' }));
      failing[count - 1] = { ...failing[count - 1], id: failing[0].id };
      await expect(writer.writeBatch(failing)).rejects.toThrow();
      const none = await entra.graph(
        'GET',
        `/auditLogs/provisioning?$top=1&$count=true&$filter=${encodeURIComponent("jobId eq 'bulk-failing'")}`,
      );
      expect(none.body['@odata.count']).toBe(0);
    });

    it('stores any text verbatim (control characters, quotes, backslashes, non-BMP)', async () => {
      const writer = entra.app.get(ProvisioningLogWriter);
      const odd = makeEntry(2000, now);
      const name = 'a\u0001b\u0002"c"\\d\ne\u{1F600}\u2028';
      odd.sourceIdentity = { ...odd.sourceIdentity, displayName: name };
      odd.modifiedProperties = [{ displayName: 'x', oldValue: '\u0001', newValue: name }];
      await writer.writeBatch([makeEntry(2001, now), odd, makeEntry(2002, now)]);
      const res = await entra.graph('GET', `/auditLogs/provisioning/${odd.id}`);
      expect(res.body.sourceIdentity.displayName).toBe(name);
      expect(res.body.modifiedProperties).toEqual(odd.modifiedProperties);
      const found = await entra.graph(
        'GET',
        `/auditLogs/provisioning?$filter=${encodeURIComponent(`sourceIdentity/displayName eq '${name.replace(/'/g, "''")}'`)}`,
      );
      expect(found.body.value.map((e: { id: string }) => e.id)).toEqual([odd.id]);
    });

    it('a duplicate id fails the whole batch', async () => {
      const writer = entra.app.get(ProvisioningLogWriter);
      const fresh = makeEntry(1001, now);
      await expect(writer.writeBatch([fresh, { ...entries[0] }])).rejects.toThrow();
      expect((await entra.graph('GET', `/auditLogs/provisioning/${fresh.id}`)).status).toBe(404);
    });
  });
});

describe('provisioning logs: 30-day retention on the simulated clock', () => {
  let entra: TestEntra;
  beforeAll(async () => {
    entra = await startTestEntra({ PROVSIM_CLOCK: 'manual' });
  });
  afterAll(() => entra.stop());

  const advance = (ms: number) =>
    httpRequest('POST', `${entra.url}/sim/clock/advance`, {
      token: entra.identity.adminToken,
      body: { ms },
      contentType: 'application/json',
    });
  const exists = async (id: string) => (await entra.graph('GET', `/auditLogs/provisioning/${id}`)).status === 200;

  it('deletes entries once they are older than 30 simulated days, oldest first', async () => {
    const now = new Date((await httpRequest('GET', `${entra.url}/sim/clock`, { token: entra.identity.adminToken })).body.now).getTime();
    const old = makeEntry(1, new Date(now - 31 * DAY));
    const almost = makeEntry(2, new Date(now - 29 * DAY));
    const fresh = makeEntry(3, new Date(now));
    const many = Array.from({ length: 30 }, (_, i) => makeEntry(10 + i, new Date(now - 40 * DAY - i)));
    await entra.app.get(ProvisioningLogWriter).writeBatch([old, almost, fresh, ...many]);

    const advanced = await advance(0);
    expect(advanced.status).toBeLessThan(300);
    expect(await exists(old.id)).toBe(false);
    expect(await exists(almost.id)).toBe(true);
    expect(await exists(fresh.id)).toBe(true);
    expect((await entra.graph('GET', '/auditLogs/provisioning?$count=true')).body['@odata.count']).toBe(2);

    await advance(DAY); // `almost` is exactly 30 days old: kept
    expect(await exists(almost.id)).toBe(true);
    await advance(1);
    expect(await exists(almost.id)).toBe(false);
    expect(await exists(fresh.id)).toBe(true);

    await advance(29 * DAY - 1);
    expect(await exists(fresh.id)).toBe(true);
    await advance(1);
    expect(await exists(fresh.id)).toBe(false);
    expect((await entra.graph('GET', '/auditLogs/provisioning')).body.value).toEqual([]);
  });

  it('an entry written with an old time after a purge is purged at the next advance (the purge schedule learns of it)', async () => {
    await advance(0); // the log is empty: nothing is due for 30 days of entries written from now on
    const now = new Date((await httpRequest('GET', `${entra.url}/sim/clock`, { token: entra.identity.adminToken })).body.now).getTime();
    const imported = makeEntry(90, new Date(now - 31 * DAY));
    const current = makeEntry(91, new Date(now));
    await entra.app.get(ProvisioningLogWriter).writeBatch([imported, current]);
    await advance(1);
    expect(await exists(imported.id)).toBe(false);
    expect(await exists(current.id)).toBe(true);
  });
});
