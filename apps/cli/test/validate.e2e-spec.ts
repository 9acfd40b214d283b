/**
 * provsim validate against the local target (both profiles) and against a fake target with one defect at a time:
 * each defect is reported by the check that verifies what the defect breaks.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloneTemplate, definition, direct, findObjectMapping, scimTemplate } from '@app/provisioning-core';
import type { CheckResult, Report } from '../src/report/report';
import { exitCodeOf } from '../src/report/report';
import { runValidate, type ValidateOptions } from '../src/validate/run';
import { engineCheckSet } from '../src/validate/engine-checks';
import { startLocalTarget } from '../src/validate/local-target';
import { startFakeTarget, type Defects } from './validate-fake-target';

jest.setTimeout(120_000);

const base: ValidateOptions = { groups: false, profile: 'generic', engine: false, timeoutMs: 10_000 };

function byId(report: Report): Map<string, CheckResult> {
  return new Map(report.checks.map((c) => [c.id, c]));
}

function statusOf(report: Report, id: string): string | undefined {
  return byId(report).get(id)?.status;
}

describe('validate against the local provsim target', () => {
  it('generic profile with groups, direct checks and the engine run: every check passes, and nothing is left behind', async () => {
    const report = await runValidate({ ...base, groups: true, engine: true }, {}, engineCheckSet());
    const failed = report.checks.filter((c) => c.status === 'FAILED' || c.status === 'WARNING');
    expect(failed).toEqual([]);
    expect(report.summary.failed).toBe(0);
    expect(report.target.local).toBe(true);
    // Every quirk of reference §4 has its own check, and all ran.
    for (const id of [
      'quirks.active-as-string-False',
      'quirks.op-capitalised-Replace-and-Add',
      'quirks.manager-as-bare-string',
      'quirks.group-create-with-microsoft-schema-urn',
      'quirks.member-remove-by-value',
      'quirks.aadOptscim062020.active-boolean-lowercase-op',
      'quirks.aadOptscim062020.pathless-replace-with-attribute-keys',
    ]) {
      expect(statusOf(report, id)).toBe('PASSED');
    }
    expect(statusOf(report, 'cleanup.created-objects-deleted')).toBe('PASSED');
    // The engine run went through every step of the gallery review, users and groups.
    for (const id of [
      'engine.users.initial-cycle-creates-assigned-users',
      'engine.users.update-sends-changes',
      'engine.users.disable-then-enable',
      'engine.users.unassign-then-reassign',
      'engine.users.manager-set-and-change',
      'engine.users.provision-on-demand',
      'engine.users.soft-delete-disables',
      'engine.users.hard-delete-deletes',
      'engine.groups.create-with-members',
      'engine.groups.rename',
      'engine.groups.add-and-remove-member',
      'engine.groups.provision-on-demand',
      'engine.groups.delete',
      'engine.cleanup.created-objects-deleted',
    ]) {
      expect([id, statusOf(report, id)]).toEqual([id, 'PASSED']);
    }
    expect(exitCodeOf(report.summary)).toBe(0);
  });

  it('kintone profile: users pass; groups and the manager, which Kintone does not have, are skipped', async () => {
    const report = await runValidate({ ...base, profile: 'kintone', groups: true, engine: true }, {}, engineCheckSet());
    expect(report.summary.failed).toBe(0);
    expect(statusOf(report, 'users.create.answers-201-with-id-and-username')).toBe('PASSED');
    expect(statusOf(report, 'users.pagination.count-5-over-11-users')).toBe('PASSED');
    expect(statusOf(report, 'quirks.active-as-string-False')).toBe('PASSED');
    expect(statusOf(report, 'engine.users.disable-then-enable')).toBe('PASSED');
    expect(statusOf(report, 'engine.users.hard-delete-deletes')).toBe('PASSED');
    for (const id of [
      'users.manager.set',
      'quirks.manager-as-bare-string',
      'groups.create.answers-201-with-id',
      'quirks.group-create-with-microsoft-schema-urn',
      'engine.users.manager-set-and-change',
      'engine.groups.create-with-members',
    ]) {
      expect(statusOf(report, id)).toBe('SKIPPED');
    }
    expect(byId(report).get('groups.create.answers-201-with-id')?.message).toMatch(/kintone mapping provisions no groups/);
  });

  it("a Kintone target checked with the generic mappings: Kintone's restrictions are the failures", async () => {
    const target = await startLocalTarget('kintone');
    try {
      const report = await runValidate({ ...base, groups: true, target: target.scimBaseUrl, token: target.token });
      const schemas = byId(report).get('schemas.lists-every-mapped-user-attribute')!;
      expect(schemas.status).toBe('FAILED');
      expect(schemas.message).toMatch(/title/);
      expect(schemas.message).toMatch(/enterprise:2\.0:User:manager/);
      expect(statusOf(report, 'users.manager.set')).toBe('FAILED'); // no enterprise extension
      const groups = byId(report).get('groups.create.answers-201-with-id')!;
      expect(groups.status).toBe('FAILED'); // /Groups is a 404 on Kintone
      expect(groups.exchanges?.some((x) => x.method === 'POST' && x.status === 404)).toBe(true);
      expect(statusOf(report, 'users.create.answers-201-with-id-and-username')).toBe('PASSED');
      expect(exitCodeOf(report.summary)).toBe(1);
    } finally {
      await target.close();
    }
  });
});

// A PATCH answered 202 fails every check whose PATCH must answer 200/204.
const PATCH_202_ALSO = [
  'users.disable.user-still-returned',
  'users.manager.set',
  'quirks.active-as-string-False',
  'quirks.op-capitalised-Replace-and-Add',
  'quirks.manager-as-bare-string',
];

describe('validate with a mapping file', () => {
  it("checks the file's attributes: one the app does not describe fails /Schemas and names it; the engine job uses the file", async () => {
    const schema = cloneTemplate(scimTemplate);
    const users = findObjectMapping(schema, 'User')!;
    users.attributeMappings = users.attributeMappings.filter((m) => m.targetAttributeName !== 'title');
    users.attributeMappings.push(direct('urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge', 'employeeId'));
    const targetUser = schema.directories.find((d) => d.name === 'customappsso')!.objects.find((o) => o.name === users.targetObjectName)!;
    targetUser.attributes.push(definition('urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge'));
    const dir = await mkdtemp(join(tmpdir(), 'provsim-mapping-'));
    const file = join(dir, 'mapping.json');
    await writeFile(file, JSON.stringify(schema));
    try {
      const report = await runValidate({ ...base, profile: file, engine: true }, {}, engineCheckSet());
      expect(report.target.profile).toBe(file);
      const schemas = byId(report).get('schemas.lists-every-mapped-user-attribute')!;
      expect(schemas.status).toBe('FAILED');
      expect(schemas.message).toBe('/Schemas does not list urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge');
      expect(statusOf(report, 'users.create.answers-201-with-id-and-username')).toBe('PASSED');
      // The app drops what it does not know, so a replace of it does not stick either.
      expect(byId(report).get('users.patch.replace-then-get-matches')!.message).toMatch(
        /urn:ietf:params:scim:schemas:extension:acme:2\.0:User:badge = undefined/,
      );
      expect(byId(report).get('engine.run.job-started')).toMatchObject({ status: 'PASSED' });
      expect(statusOf(report, 'engine.users.update-sends-changes')).toBe('PASSED');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file that is not a synchronization schema, as a usage error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provsim-mapping-'));
    try {
      await writeFile(join(dir, 'bad.json'), '{"attributeMappings":[]}');
      await expect(runValidate({ ...base, profile: join(dir, 'bad.json') })).rejects.toThrow(
        /expected a synchronization schema with "directories" and "synchronizationRules"/,
      );
      await writeFile(join(dir, 'broken.json'), '{');
      await expect(runValidate({ ...base, profile: join(dir, 'broken.json') })).rejects.toThrow(/broken\.json: not JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('validate against a target with one defect', () => {
  // [defect, switch, the check that must catch it, its message, other checks that fail for the same reason]
  const cases: [string, Defects, string, RegExp, string[]][] = [
    [
      'PATCH answers 202',
      { patchAnswers202: true },
      'users.patch.replace-then-get-matches',
      /PATCH \/Users\/\{id\} answered HTTP 202/,
      PATCH_202_ALSO,
    ],
    [
      'create answers 202 without id',
      { createAnswers202: true },
      'users.create.answers-201-with-id-and-username',
      /POST \/Users answered HTTP 202/,
      ['users.pagination.count-5-over-11-users'],
    ],
    [
      'case-sensitive userName filter',
      { caseSensitiveFilter: true },
      'users.filter.username-eq-is-case-insensitive',
      /upper-cased userName found 0 users/,
      [],
    ],
    ['no pagination', { noPagination: true }, 'users.pagination.count-5-over-11-users', /count=5 answered \d+ resources/, []],
    [
      'active refused as a string',
      { activeStringRejected: true },
      'quirks.active-as-string-False',
      /does not accept "active" as the string "False" \(a JSON boolean with a lower-case op is accepted\)/,
      [],
    ],
    [
      'capitalised ops refused',
      { capitalisedOpRejected: true },
      'quirks.op-capitalised-Replace-and-Add',
      /rejects op values "Replace"\/"Add"/,
      ['quirks.active-as-string-False', 'quirks.manager-as-bare-string'],
    ],
    [
      'manager as bare string refused',
      { bareManagerRejected: true },
      'quirks.manager-as-bare-string',
      /rejects the manager as a bare string/,
      [],
    ],
  ];

  it.each(cases)('%s: reported by %s', async (_name, defects, checkId, message, alsoFailing) => {
    const target = await startFakeTarget(defects);
    try {
      const report = await runValidate({ ...base, target: target.url, token: target.token });
      const check = byId(report).get(checkId)!;
      expect(check.status).toBe('FAILED');
      expect(check.message).toMatch(message);
      expect(check.expected).toBeTruthy();
      expect(check.fix).toBeTruthy();
      expect(check.exchanges?.length).toBeGreaterThan(0);
      // The defect is reported where it belongs: no other check built on working features fails.
      const others = report.checks.filter((c) => c.status === 'FAILED' && c.id !== checkId);
      expect(others.map((c) => c.id).sort()).toEqual([...alsoFailing].sort());
      if (defects.capitalisedOpRejected)
        for (const id of alsoFailing.filter((i) => i.startsWith('quirks.')))
          expect(byId(report).get(id)!.message).toMatch(/capitalised op/);
      expect(exitCodeOf(report.summary)).toBe(1);
      // Tokens never reach the report.
      expect(JSON.stringify(report)).not.toContain(target.token);
    } finally {
      await target.close();
    }
  });

  it('the fake without defects passes every mandatory check (so each case above fails by its defect alone)', async () => {
    const target = await startFakeTarget();
    try {
      const report = await runValidate({ ...base, target: target.url, token: target.token });
      expect(report.checks.filter((c) => c.status === 'FAILED')).toEqual([]);
    } finally {
      await target.close();
    }
  });

  it('with ?aadOptscim062020 on the Tenant URL, the default shapes become optional and the flag shapes mandatory', async () => {
    const target = await startFakeTarget({ activeStringRejected: true });
    try {
      const report = await runValidate({ ...base, target: `${target.url}?aadOptscim062020`, token: target.token });
      const quirk = byId(report).get('quirks.active-as-string-False')!;
      expect(quirk).toMatchObject({ status: 'WARNING', mandatory: false });
      expect(quirk.fix).toMatch(/provision on demand still sends/);
      expect(byId(report).get('quirks.aadOptscim062020.active-boolean-lowercase-op')).toMatchObject({ status: 'PASSED', mandatory: true });
      expect(report.summary.failed).toBe(0);
      expect(report.options.aadOptscim062020).toBe(true);
    } finally {
      await target.close();
    }
  });

  it('the engine run shows what the refused quirk does to real cycles, with the provisioning log reason', async () => {
    const target = await startFakeTarget({ activeStringRejected: true });
    try {
      const report = await runValidate({ ...base, target: target.url, token: target.token, engine: true }, {}, engineCheckSet());
      expect(statusOf(report, 'engine.users.initial-cycle-creates-assigned-users')).toBe('PASSED');
      expect(statusOf(report, 'engine.users.update-sends-changes')).toBe('PASSED');
      const disable = byId(report).get('engine.users.disable-then-enable')!;
      expect(disable.status).toBe('FAILED');
      expect(disable.message).toMatch(
        /after disabling the user, the app shows active true; provisioning log: disable .*SystemForCrossDomainIdentityManagementBadRequest.*active must be a boolean/,
      );
      expect(JSON.stringify(report)).not.toContain(target.token);
    } finally {
      await target.close();
    }
  });

  it('a refused token and an unreachable target are connection errors, not check failures', async () => {
    const target = await startFakeTarget();
    await expect(runValidate({ ...base, target: target.url, token: 'wrong-token-value' })).rejects.toThrow(/refused the token \(HTTP 401/);
    await target.close();
    await expect(runValidate({ ...base, target: target.url, token: 'x' })).rejects.toThrow(/cannot reach the target/);
    await expect(runValidate({ ...base, target: 'ftp://example.com', token: 'x' })).rejects.toThrow(/--target: .*https?:\/\//);
    await expect(runValidate({ ...base, profile: '/no/such/file.json' })).rejects.toThrow(/--profile \/no\/such\/file\.json/);
  });
});
