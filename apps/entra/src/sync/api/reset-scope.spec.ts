import { parseResetScope, ResetScopeError } from './reset-scope';

const NOTHING = { start: false, connectorDataStore: false, escrows: false, watermark: false, quarantineState: false, forceDeletes: false };
const PORTAL_RESTART = { ...NOTHING, escrows: true, watermark: true, quarantineState: true };
const FULL = { ...NOTHING, connectorDataStore: true, escrows: true, watermark: true, quarantineState: true };

describe('parseResetScope', () => {
  it.each([
    ['empty string = portal Restart provisioning', '', PORTAL_RESTART],
    ['null', null, PORTAL_RESTART],
    ['undefined', undefined, PORTAL_RESTART],
    ['only separators and spaces', ' , ,', PORTAL_RESTART],
    ['Watermark', 'Watermark', { ...NOTHING, watermark: true }],
    ['Escrows', 'Escrows', { ...NOTHING, escrows: true }],
    ['QuarantineState', 'QuarantineState', { ...NOTHING, quarantineState: true }],
    ['ConnectorDataStore', 'ConnectorDataStore', { ...NOTHING, connectorDataStore: true }],
    ['ForceDeletes', 'ForceDeletes', { ...NOTHING, forceDeletes: true }],
    ['None starts the job', 'None', { ...NOTHING, start: true }],
    ['the documented example', 'Watermark, Escrows, QuarantineState', PORTAL_RESTART],
    ['Full = everything but ForceDeletes', 'Full', FULL],
    ['Full with ForceDeletes', 'Full,ForceDeletes', { ...FULL, forceDeletes: true }],
    ['case-insensitive', 'watermark,ESCROWS', { ...NOTHING, watermark: true, escrows: true }],
    ['repeated values', 'Watermark, Watermark', { ...NOTHING, watermark: true }],
    ['spaces around values', '  Escrows  ,  ForceDeletes ', { ...NOTHING, escrows: true, forceDeletes: true }],
  ])('%s', (_name, scope, expected) => {
    expect(parseResetScope(scope)).toEqual(expected);
  });

  it.each(['Bogus', 'Watermark, Bogus', 'Watermark;Escrows', 'Water mark', 'Full Escrows'])('rejects %j naming the bad value', (scope) => {
    expect(() => parseResetScope(scope)).toThrow(ResetScopeError);
    expect(() => parseResetScope(scope)).toThrow(/Invalid resetScope value '/);
  });

  it('names the first unknown value', () => {
    expect(() => parseResetScope('Escrows, Nope, Other')).toThrow("Invalid resetScope value 'Nope'");
  });
});
