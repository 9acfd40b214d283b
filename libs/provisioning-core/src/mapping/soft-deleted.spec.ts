import { computeIsSoftDeleted } from './soft-deleted';

describe('computeIsSoftDeleted (reference §2.5: exactly four cases)', () => {
  const rows: [
    assigned: boolean,
    inScopeByFilters: boolean,
    softDeleted: boolean,
    accountEnabled: boolean | undefined,
    expected: boolean,
  ][] = [];
  for (const assigned of [true, false])
    for (const inScopeByFilters of [true, false])
      for (const softDeleted of [true, false])
        for (const accountEnabled of [true, false, undefined])
          rows.push([
            assigned,
            inScopeByFilters,
            softDeleted,
            accountEnabled,
            !assigned || !inScopeByFilters || softDeleted || accountEnabled === false,
          ]);

  it.each(rows)(
    'assigned=%s filters=%s softDeleted=%s accountEnabled=%s → %s',
    (assigned, inScopeByFilters, softDeleted, accountEnabled, expected) => {
      expect(computeIsSoftDeleted({ assigned, inScopeByFilters, softDeleted, accountEnabled })).toBe(expected);
    },
  );

  it('is false only for an assigned, in-filter, live, enabled object', () => {
    expect(rows.filter((r) => !r[4]).map((r) => r.slice(0, 4))).toEqual([
      [true, true, false, true],
      [true, true, false, undefined],
    ]);
  });
});
