import type { ScimRequest, SituationName } from '@app/provisioning-core';
import { confirmedExports, planInFlight, replaceInFlight, type InFlightExport } from './in-flight-exports';

const request = { method: 'PATCH', path: '/Users/t1', body: {} } as unknown as ScimRequest;
const plan = (situation: SituationName, requests = 0) => ({ situation, requests: Array.from({ length: requests }, () => request) });
/** Matched before the cycle and already as the source wants it (a name long enough to break a table row). */
const MATCHED_UNCHANGED: SituationName = 'InScopeUnlinkedMatchedUnchanged';
const entry = (situation: SituationName, requests: number, confirmed = 0): InFlightExport => ({ situation, requests, confirmed });

describe('confirmedExports (what a run that died mid-page sent, as the resumed run finds it)', () => {
  it.each<[string, InFlightExport | undefined, SituationName, number]>([
    ['nothing was in flight', undefined, 'InScopeUnlinkedMatchedUnchanged', 0],
    [
      'a create whose object the matching query now finds as the source wants it',
      entry('InScopeUnlinkedNoMatch', 1),
      'InScopeUnlinkedMatchedUnchanged',
      1,
    ],
    [
      'a create whose object is found but still differs (the POST took effect)',
      entry('InScopeUnlinkedNoMatch', 1),
      'InScopeUnlinkedMatched',
      1,
    ],
    ['a create that never reached the target', entry('InScopeUnlinkedNoMatch', 1), 'InScopeUnlinkedNoMatch', 0],
    ['an update of a matched object, now unchanged', entry('InScopeUnlinkedMatched', 2), 'InScopeUnlinkedMatchedUnchanged', 2],
    ['an update of a matched object still to send', entry('InScopeUnlinkedMatched', 1), 'InScopeUnlinkedMatched', 0],
    ['an update of a linked object, now unchanged', entry('InScopeLinkedChanged', 1), 'InScopeLinkedUnchanged', 1],
    ['an update of a linked object still to send', entry('InScopeLinkedChanged', 1), 'InScopeLinkedChanged', 0],
    ['a re-enable, now done', entry('InScopeLinkedWasDisabled', 1), 'InScopeLinkedUnchanged', 1],
    ['a disable (left scope), now done', entry('OutOfScopeLinkedActive', 1), 'OutOfScopeLinkedAlreadyDisabled', 1],
    ['a disable (disabled in the source), now done', entry('SourceDisabledLinkedActive', 1), 'SourceDisabledLinkedAlreadyDisabled', 1],
    ['a group delete, the target object now gone', entry('GroupOutOfScopeLinked', 1), 'TargetGone', 1],
    // The object was matched before the cycle, not created by it: nothing proves a request of the dead run.
    ['an object that was matched and unchanged already', entry(MATCHED_UNCHANGED, 0, 0), MATCHED_UNCHANGED, 0],
    // The source changed between the runs: the target is not in the state the dead run's requests were to bring about.
    ['a create, the object out of scope now', entry('InScopeUnlinkedNoMatch', 1), 'OutOfScopeUnlinked', 0],
    ['an update, the object left scope since', entry('InScopeLinkedChanged', 1), 'OutOfScopeLinkedActive', 0],
    ['an update, the target not read this time', entry('InScopeLinkedChanged', 1), 'TargetNotRead', 0],
    // A second crash: what the first resumed run confirmed stays confirmed, plus what it sent itself.
    ['confirmed by an earlier resumed run, nothing sent since', entry(MATCHED_UNCHANGED, 0, 1), MATCHED_UNCHANGED, 1],
    ['confirmed earlier, and its own update took effect', entry('InScopeUnlinkedMatched', 1, 1), 'InScopeUnlinkedMatchedUnchanged', 2],
    ['confirmed earlier, its own update not sent', entry('InScopeUnlinkedMatched', 1, 1), 'InScopeUnlinkedMatched', 1],
    ['confirmed earlier, the target not read this time', entry('InScopeUnlinkedMatchedUnchanged', 0, 1), 'TargetNotRead', 1],
  ])('%s', (_name, previous, now, expected) => {
    expect(confirmedExports(previous, { situation: now })).toBe(expected);
  });
});

describe('planInFlight (what a run saves before its first request)', () => {
  it('records what each object is about to send and what it confirmed, and nothing for the rest', () => {
    const previous = { a: entry('InScopeUnlinkedNoMatch', 1), b: entry('InScopeUnlinkedNoMatch', 1), z: entry('InScopeLinkedChanged', 1) };
    const { confirmed, entries } = planInFlight(previous, [
      { sourceId: 'a', action: plan('InScopeUnlinkedMatchedUnchanged'), sends: true }, // created by the dead run
      { sourceId: 'b', action: plan('InScopeUnlinkedNoMatch', 1), sends: true }, // its POST never arrived
      { sourceId: 'c', action: plan('InScopeUnlinkedNoMatch', 1), sends: true },
      { sourceId: 'd', action: plan('InScopeLinkedUnchanged'), sends: true },
      { sourceId: 'e', action: plan('OutOfScopeLinkedActive', 1), sends: false }, // a deletion deferred to the cycle's end
    ]);
    expect(Object.fromEntries(confirmed)).toEqual({ a: 1 });
    expect(Object.fromEntries(entries)).toEqual({
      a: entry('InScopeUnlinkedMatchedUnchanged', 0, 1),
      b: entry('InScopeUnlinkedNoMatch', 1),
      c: entry('InScopeUnlinkedNoMatch', 1),
    });
  });

  it('with nothing in flight before, confirms nothing', () => {
    const { confirmed, entries } = planInFlight(undefined, [{ sourceId: 'a', action: plan('InScopeLinkedChanged', 2), sends: true }]);
    expect(confirmed.size).toBe(0);
    expect(Object.fromEntries(entries)).toEqual({ a: entry('InScopeLinkedChanged', 2) });
  });
});

describe('replaceInFlight', () => {
  const current = { a: entry('InScopeUnlinkedNoMatch', 1), b: entry('InScopeLinkedChanged', 1) };

  it("replaces the run's objects and keeps the others", () => {
    expect(replaceInFlight(current, ['a', 'c'], new Map([['c', entry('InScopeLinkedChanged', 2)]]))).toEqual({
      b: current.b,
      c: entry('InScopeLinkedChanged', 2),
    });
    expect(current).toEqual({ a: entry('InScopeUnlinkedNoMatch', 1), b: entry('InScopeLinkedChanged', 1) });
  });

  it('leaves no empty record (a committed page drops its objects)', () => {
    expect(replaceInFlight(current, ['a', 'b'])).toBeUndefined();
    expect(replaceInFlight(undefined, ['a'])).toBeUndefined();
  });
});
