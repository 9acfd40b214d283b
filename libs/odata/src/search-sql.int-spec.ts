import { PGlite } from '@electric-sql/pglite';
import { PropertyMap } from './property-map';
import { parseSearch, searchWords } from './search';
import { searchToSql } from './search-sql';

/**
 * searchToSql run in embedded PostgreSQL (PGlite): the SQL tokenization of a column agrees with a reference written
 * from Graph's description (words of searchWords plus the chunks with symbols removed; every search word begins a
 * token). Needs `--experimental-vm-modules` (as `npm test` passes); skipped under plain `npx jest`.
 */
const vmModules =
  process.execArgv.some((a) => a.includes('experimental-vm-modules')) ||
  (process.env.NODE_OPTIONS ?? '').includes('experimental-vm-modules');
const describeWithDb = vmModules ? describe : describe.skip;

const PROPS: PropertyMap = {
  displayName: { sql: 'display_name', type: 'string', search: 'tokens' },
  mail: { sql: 'mail', type: 'string' },
};

const NAMES = [
  'Adele Vance',
  'OneVideo Team',
  'HELLOworld',
  'HelloWORld',
  'hello-world',
  'hello.world',
  'hello123world',
  '李四(David Li)',
  'Guthrie Smith',
  "O'Brien, Pat",
  '100% Sales_Team',
  'Back\\slash "Quoted"',
  'tab\there',
  '',
  null,
];
const MAILS = ['adele.vance@contoso.com', 'ADELE@fabrikam.com', 'onevideo@contoso.com', null];

/** The reference: Graph's rules applied in JavaScript. */
function tokensOf(value: string): string[] {
  const chunks = value.split(/[\t\n\v\f\r ]+/).map((c) => c.replace(/[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/g, ''));
  return [...searchWords(value), ...chunks].map((t) => t.toLowerCase()).filter((t) => t !== '');
}
const tokenMatch = (value: string | null, text: string) => {
  if (value === null) return false;
  const words = searchWords(text).map((w) => w.toLowerCase());
  return words.length > 0 && words.every((w) => tokensOf(value).some((t) => t.startsWith(w)));
};

describeWithDb('searchToSql in PostgreSQL', () => {
  let db: PGlite;
  const rows = NAMES.flatMap((name, i) => MAILS.map((mail, j) => ({ id: i * 10 + j, name, mail })));

  beforeAll(async () => {
    db = new PGlite();
    await db.exec('CREATE TABLE t (id int PRIMARY KEY, display_name text, mail text)');
    for (const r of rows) await db.query('INSERT INTO t (id, display_name, mail) VALUES ($1, $2, $3)', [r.id, r.name, r.mail]);
  });
  afterAll(() => db.close());

  const sqlIds = async (search: string): Promise<number[]> => {
    const { sql, params } = searchToSql(parseSearch(search), PROPS, 1, 'User');
    const result = await db.query<{ id: number }>(`SELECT id FROM t WHERE ${sql} ORDER BY id`, params);
    return result.rows.map((r) => r.id);
  };

  it.each([
    'Adele',
    'vance',
    'vance adele',
    'ad va',
    'adelev',
    'OneVideo',
    'onevideo',
    'video',
    'one video',
    'helloworld',
    'hello',
    'world',
    'HELLO',
    'hello123',
    '123',
    'hello 12 wor',
    'David',
    '李四',
    '李',
    'li',
    'guthr',
    'smith g',
    'obrien',
    'brien',
    'pat',
    '100',
    'sales',
    'salesteam',
    'team',
    'slash',
    'backslash',
    'quoted',
    'here',
    'tab',
    'x',
    'zz top',
  ])('"displayName:%s" selects what the reference selects', async (text) => {
    const expected = rows.filter((r) => tokenMatch(r.name, text)).map((r) => r.id);
    expect(await sqlIds(`"displayName:${text.replace(/["\\]/g, (c) => `\\${c}`)}"`)).toEqual(expected);
  });

  it('finds the documented examples', async () => {
    const names = async (search: string) => [...new Set((await sqlIds(search)).map((id) => NAMES[Math.floor(id / 10)]))];
    expect(await names('"displayName:Guthr"')).toEqual(['Guthrie Smith']);
    expect(await names('"displayName:OneVideo"')).toEqual(['OneVideo Team']);
    // A chunk also counts whole, without its symbols: hello-world and HelloWORld are found as helloworld too.
    expect(await names('"displayName:helloworld"')).toEqual(['HELLOworld', 'HelloWORld', 'hello-world', 'hello.world']);
    expect(await names('"displayName:World"')).toEqual(['HelloWORld', 'hello-world', 'hello.world', 'hello123world']);
    expect(await names('"displayName:Li 李四"')).toEqual(['李四(David Li)']);
  });

  it('non-tokenized properties: a case-insensitive prefix of the whole value', async () => {
    const mails = async (search: string) => [...new Set((await sqlIds(search)).map((id) => MAILS[id % 10]))];
    expect(await mails('"mail:adele"')).toEqual(['adele.vance@contoso.com', 'ADELE@fabrikam.com']);
    expect(await mails('"mail:vance"')).toEqual([]);
    expect(await mails('"mail:ONEVIDEO@"')).toEqual(['onevideo@contoso.com']);
    expect(await mails('"mail:100%"')).toEqual([]);
    expect(await mails('"mail:_"')).toEqual([]);
  });

  it('combines clauses with AND and OR', async () => {
    const both = await sqlIds('"displayName:adele" AND "mail:adele"');
    expect(both).toEqual([0, 1]);
    const either = await sqlIds('"displayName:guthrie" OR ("displayName:adele" AND "mail:onevideo")');
    expect(either).toEqual([2, ...[0, 1, 2, 3].map((j) => 80 + j)].sort((a, b) => a - b));
  });
});
