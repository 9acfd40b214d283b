import { parse } from 'csv-parse/sync';
import { buildProvisioningObjectSummary, SYSTEM_INITIATOR } from './provisioning-log.builder';
import { csvChunks, csvHeader, DownloadPart, jsonChunks } from './provisioning-log.export';
import { PROVISIONING_OBJECT_SUMMARY_PROPERTIES, ProvisioningObjectSummary } from './provisioning-log.types';

/** An independent RFC 4180 reader (csv-parse, the sibling of the csv-stringify the export writes with). */
const parseCsv = (text: string): string[][] => parse(text, { relax_column_count: true }) as string[][];

const entry = (n: number, extra: Partial<ProvisioningObjectSummary> = {}): ProvisioningObjectSummary => ({
  ...buildProvisioningObjectSummary({
    id: `id-${n}`,
    changeId: `change-${n}`,
    cycleId: 'cycle',
    jobId: 'job',
    tenantId: 'tenant',
    action: {
      objectType: 'User',
      reportableIdentifier: `u${n}@contoso.com`,
      provisioningAction: 'update',
      status: 'success',
      errorCode: null,
      reason: 'changed',
      steps: [
        {
          name: 'EntryImport',
          provisioningStepType: 'import',
          status: 'success',
          description: 'Retrieved, "quoted", with commas\nand a newline',
          details: { a: 'b' },
        },
        { name: 'EntryExportUpdate', provisioningStepType: 'export', status: 'success', description: 'x', details: {} },
      ],
      modifiedProperties: [
        { displayName: 'displayName', oldValue: 'Old, "name"', newValue: 'New name' },
        { displayName: 'title', oldValue: null, newValue: 'Boss' },
      ],
    },
    servicePrincipal: { id: 'sp', displayName: 'Kintone' },
    source: { id: `src-${n}`, displayName: `User ${n}` },
    target: { id: `t-${n}` },
    targetSystem: { displayName: 'Kintone' },
    initiatedBy: SYSTEM_INITIATOR,
    activityDateTime: new Date(Date.UTC(2024, 0, 1, 0, 0, n)),
    durationInMilliseconds: n,
  }),
  ...extra,
});

async function* pages(...p: ProvisioningObjectSummary[][]): AsyncGenerator<ProvisioningObjectSummary[]> {
  for (const page of p) yield page;
}
async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}

describe('provisioning log downloads', () => {
  const entries = [entry(1), entry(2), entry(3, { modifiedProperties: [] })];

  it.each([
    [
      'summary',
      3,
      (e: ProvisioningObjectSummary) => [
        e.id,
        e.activityDateTime,
        'tenant',
        'job',
        'cycle',
        e.changeId,
        'update',
        String(e.durationInMilliseconds),
        'success',
      ],
    ],
    [
      'steps',
      6,
      (e: ProvisioningObjectSummary) => [
        e.changeId,
        '1',
        'EntryImport',
        'import',
        'success',
        'Retrieved, "quoted", with commas\nand a newline',
        '{"a":"b"}',
      ],
    ],
    ['modifiedProperties', 4, (e: ProvisioningObjectSummary) => [e.changeId, 'displayName', 'Old, "name"', 'New name']],
  ] as const)('CSV %s: header, one record per item, values survive quoting', async (part, records, firstOf) => {
    const rows = parseCsv(await collect(csvChunks(part as DownloadPart, pages(entries.slice(0, 2), [], entries.slice(2)))));
    expect(rows[0]).toEqual(csvHeader(part as DownloadPart));
    expect(rows).toHaveLength(records + 1);
    for (const row of rows) expect(row).toHaveLength(rows[0].length);
    const expected = firstOf(entries[0]);
    expect(rows[1].slice(0, expected.length)).toEqual(expected);
  });

  it('CSV files join by changeId', async () => {
    const summary = parseCsv(await collect(csvChunks('summary', pages(entries))));
    const steps = parseCsv(await collect(csvChunks('steps', pages(entries))));
    const props = parseCsv(await collect(csvChunks('modifiedProperties', pages(entries))));
    const changeIds = new Set(summary.slice(1).map((r) => r[summary[0].indexOf('changeId')]));
    expect(changeIds).toEqual(new Set(['change-1', 'change-2', 'change-3']));
    for (const r of steps.slice(1)) expect(changeIds.has(r[0])).toBe(true);
    for (const r of props.slice(1)) expect(changeIds.has(r[0])).toBe(true);
    expect(
      props
        .slice(1)
        .filter((r) => r[0] === 'change-1')
        .map((r) => r[1]),
    ).toEqual(['displayName', 'title']);
  });

  it('a null value is an empty cell; the summary has no step or property columns', async () => {
    const rows = parseCsv(await collect(csvChunks('modifiedProperties', pages([entries[0]]))));
    expect(rows[2]).toEqual(['change-1', 'title', '', 'Boss']);
    expect(csvHeader('summary').some((h) => /steps|modifiedProperties/i.test(h))).toBe(false);
  });

  it.each<[string, ProvisioningObjectSummary[][]]>([
    ['no pages', []],
    ['empty pages', [[], []]],
    ['two pages', [entries.slice(0, 1), entries.slice(1)]],
  ])('JSON is one array of Graph objects (%s)', async (_name, p) => {
    const text = await collect(jsonChunks(pages(...p)));
    const parsed = JSON.parse(text) as Record<string, unknown>[];
    const expected = p.flat();
    expect(parsed).toHaveLength(expected.length);
    for (const item of parsed) expect(Object.keys(item)).toEqual([...PROVISIONING_OBJECT_SUMMARY_PROPERTIES]);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(expected)));
  });
});
