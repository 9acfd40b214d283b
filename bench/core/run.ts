/**
 * provisioning-core benchmark (pure CPU, one process), for 100,000 generated users:
 *   - evaluating the Kintone user mapping (mapForCreate: every attribute, incl. the IsSoftDeleted Switch),
 *   - scoping (compileScopeFilter + evaluateScope) when ../scoping provides them,
 *   - planning 100,000 updates (planBatch: linked users whose displayName changed),
 * plus a baseline in the same run: a plain object copy of the same source data, so figures read as ratios.
 *
 * Usage: npx ts-node --transpile-only -r tsconfig-paths/register bench/core/run.ts
 * Env: BENCH_USERS (100000), BENCH_ROUNDS (3; the best round is reported).
 */
import * as expressions from '../../libs/provisioning-core/src/expressions';
import * as scoping from '../../libs/provisioning-core/src/scoping';
import { mapForCreate, type MappingContext, type ScimResource } from '../../libs/provisioning-core/src/mapping';
import { planBatch, type PlanContext, type PlanItem } from '../../libs/provisioning-core/src/planner';
import { findObjectMapping, kintoneTemplate, targetAttributeDefinitions } from '../../libs/provisioning-core/src/templates';
import type { ObjectMapping, ScopeFilter, SourceObject } from '../../libs/provisioning-core/src/schema/model';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const mapping = findObjectMapping(kintoneTemplate, 'User') as ObjectMapping;
const defs = targetAttributeDefinitions(kintoneTemplate, mapping);
let seed = 42;
const ctx: MappingContext = {
  now: new Date('2024-05-01T00:00:00Z'),
  random: () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  },
  newGuid: () => '11111111-2222-3333-4444-555555555555',
};

function user(i: number): SourceObject {
  return {
    objectId: `src-${i}`,
    userPrincipalName: `user${i}@contoso.com`,
    displayName: `User ${i}`,
    givenName: `Given${i}`,
    surname: `Sur${i}`,
    mail: `user${i}@contoso.com`,
    mailNickname: `user${i}`,
    department: i % 3 === 0 ? 'Sales' : 'Engineering',
    accountEnabled: true,
    IsSoftDeleted: false,
  };
}

function time(label: string, work: () => number): { label: string; ms: number; count: number } {
  let best = Number.POSITIVE_INFINITY;
  let count = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const started = performance.now();
    count = work();
    best = Math.min(best, performance.now() - started);
  }
  return { label, ms: best, count };
}

function main(): void {
  const probe = expressions.evaluateExpression(
    { type: 'Attribute', name: 'x', expression: '[x]', parameters: [] },
    { ...ctx, source: { x: 'v' } },
  );
  if (probe.value !== 'v') console.log('NOTE: ../expressions evaluateExpression is still a stub; mapping figures are not meaningful yet.');

  const users = Array.from({ length: USERS }, (_, i) => user(i));
  const rows: { label: string; ms: number; count: number }[] = [];

  rows.push(time('baseline: plain object copy', () => users.map((u) => ({ ...u })).length));

  rows.push(
    time('Kintone mapping (mapForCreate)', () => {
      let n = 0;
      for (const u of users) n += Object.keys(mapForCreate(mapping, defs, u, ctx).resource).length > 0 ? 1 : 0;
      return n;
    }),
  );

  if (typeof scoping.compileScopeFilter === 'function' && typeof scoping.evaluateScope === 'function') {
    const filter: ScopeFilter = {
      groups: [
        { name: 'sales', clauses: [{ operatorName: 'EQUALS', sourceOperandName: 'department', targetOperand: { values: ['Sales'] } }] },
        {
          name: 'upn',
          clauses: [{ operatorName: 'ENDS_WITH', sourceOperandName: 'userPrincipalName', targetOperand: { values: ['7@contoso.com'] } }],
        },
      ],
    };
    const compiled = scoping.compileScopeFilter(filter);
    rows.push(
      time('scoping (2 groups) + Kintone mapping', () => {
        let n = 0;
        for (const u of users) {
          if (scoping.evaluateScope(compiled, u).inScope) n += 1;
          mapForCreate(mapping, defs, u, ctx);
        }
        return n;
      }),
    );
  } else {
    console.log('NOTE: ../scoping does not export compileScopeFilter/evaluateScope yet; scoping skipped.');
  }

  const planContext: PlanContext = {
    objectMapping: mapping,
    targetDefs: defs,
    settings: { shape: 'default', skipOutOfScopeDeletions: false },
    evaluation: ctx,
  };
  const items: PlanItem[] = users.map((u, i) => {
    const resource: ScimResource = {
      id: `t-${i}`,
      userName: u.userPrincipalName,
      active: true,
      displayName: `Old ${i}`,
      emails: [{ type: 'work', primary: true, value: u.mail }],
      name: { givenName: u.givenName, familyName: u.surname },
      externalId: u.mailNickname,
    };
    return {
      sourceId: `src-${i}`,
      source: u,
      scope: { assigned: true, inScopeByFilters: true },
      link: { targetId: `t-${i}`, managed: true },
      target: { kind: 'found', resource },
    };
  });
  rows.push(time('planBatch: 100k updates', () => planBatch(planContext, items).counts.update));

  const base = rows[0].ms;
  console.log(`users: ${USERS}, best of ${ROUNDS} rounds`);
  console.log(['scenario'.padEnd(40), 'ms'.padStart(10), 'users/s'.padStart(14), 'x baseline'.padStart(12)].join(''));
  for (const row of rows) {
    const perSecond = Math.round((USERS / row.ms) * 1000);
    console.log(
      [
        row.label.padEnd(40),
        row.ms.toFixed(1).padStart(10),
        perSecond.toLocaleString('en-US').padStart(14),
        (row.ms / base).toFixed(1).padStart(12),
      ].join(''),
    );
  }
}

main();
