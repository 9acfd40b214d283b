import { X509Certificate } from 'node:crypto';
import { promises as fs, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { CommonConfig } from '../common-config';
import { ConfigError, loadConfig } from '../config';
import {
  CA_VALIDITY_DAYS,
  ensureLocalTls,
  localTlsFor,
  normalizeName,
  RENEW_BEFORE_DAYS,
  SERVER_VALIDITY_DAYS,
  serverCertificateNames,
  TLS_FILES,
  tlsDirectory,
} from './local-tls';

const DAY = 24 * 60 * 60 * 1000;
const START = new Date('2030-01-15T12:00:00Z');
const DEFAULT_NAMES = ['localhost', '127.0.0.1', '::1'];

describe('local TLS material', () => {
  let dir: string;
  let clock: Date;
  const now = () => clock;
  const ensure = (names: string[] = DEFAULT_NAMES) => ensureLocalTls({ dir, names, now });
  const read = async (name: keyof typeof TLS_FILES) => fs.readFile(join(dir, TLS_FILES[name]), 'utf8');

  beforeEach(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'provsim-tls-spec-'));
    clock = START;
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('generates a CA and a server certificate for the names, the CA signing the server certificate', async () => {
    const tlsMaterial = await ensure([...DEFAULT_NAMES, 'provsim.test', '192.0.2.7']);
    expect(tlsMaterial.generated).toEqual({ ca: true, server: true });
    expect(tlsMaterial.caFile).toBe(join(dir, 'ca.pem'));
    expect(await read('ca')).toBe(tlsMaterial.ca);
    expect(await read('cert')).toBe(tlsMaterial.cert);
    expect(await read('key')).toBe(tlsMaterial.key);

    const ca = new X509Certificate(tlsMaterial.ca);
    const server = new X509Certificate(tlsMaterial.cert);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.verify(server.publicKey)).toBe(false);
    expect(ca.publicKey.asymmetricKeyDetails).toMatchObject({ namedCurve: 'prime256v1' });
    expect(server.publicKey.asymmetricKeyDetails).toMatchObject({ namedCurve: 'prime256v1' });
    for (const host of ['localhost', 'provsim.test']) expect(server.checkHost(host, { subject: 'never' })).toBe(host);
    for (const ip of ['127.0.0.1', '::1', '192.0.2.7']) expect(server.checkIP(ip)).toBe(ip);
    expect(server.checkHost('example.com', { subject: 'never' })).toBeUndefined();
    expect(tlsMaterial.names.sort()).toEqual(['127.0.0.1', '192.0.2.7', '::1', 'localhost', 'provsim.test']);
    expect(new Date(ca.validTo).getTime()).toBeGreaterThan(START.getTime() + (CA_VALIDITY_DAYS - 1) * DAY);
    expect(new Date(server.validTo).getTime()).toBeGreaterThan(START.getTime() + (SERVER_VALIDITY_DAYS - 1) * DAY);
    expect(new Date(server.validFrom).getTime()).toBeLessThanOrEqual(START.getTime());
  });

  it('sets the extensions a TLS client checks', async () => {
    const tlsMaterial = await ensure();
    const ca = new x509.X509Certificate(tlsMaterial.ca);
    const caConstraints = ca.getExtension(x509.BasicConstraintsExtension)!;
    expect(caConstraints).toMatchObject({ ca: true, critical: true });
    const caUsage = ca.getExtension(x509.KeyUsagesExtension)!;
    expect(caUsage.critical).toBe(true);
    expect(caUsage.usages & x509.KeyUsageFlags.keyCertSign).toBeTruthy();

    const server = new x509.X509Certificate(tlsMaterial.cert);
    expect(server.getExtension(x509.BasicConstraintsExtension)).toMatchObject({ ca: false });
    expect(server.getExtension(x509.ExtendedKeyUsageExtension)!.usages).toEqual([x509.ExtendedKeyUsage.serverAuth]);
    const usage = server.getExtension(x509.KeyUsagesExtension)!.usages;
    expect(usage & x509.KeyUsageFlags.digitalSignature).toBeTruthy();
    expect(usage & x509.KeyUsageFlags.keyCertSign).toBeFalsy();
    expect(server.getExtension(x509.SubjectAlternativeNameExtension)!.names.toJSON()).toEqual([
      { type: 'dns', value: 'localhost' },
      { type: 'ip', value: '127.0.0.1' },
      { type: 'ip', value: '::1' },
    ]);
    expect(server.issuer).toBe(ca.subject);
  });

  it('writes the private keys with mode 0600', async () => {
    await ensure();
    if (process.platform === 'win32') return;
    expect(statSync(join(dir, TLS_FILES.caKey)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, TLS_FILES.key)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, TLS_FILES.ca)).mode & 0o077).toBe(0o044);
    // A key someone loosened is narrowed again on the next start.
    await fs.chmod(join(dir, TLS_FILES.key), 0o644);
    await ensure();
    expect(statSync(join(dir, TLS_FILES.key)).mode & 0o777).toBe(0o600);
  });

  it('reuses what is on disk on a later start', async () => {
    const first = await ensure();
    clock = new Date(START.getTime() + 100 * DAY);
    const second = await ensure();
    expect(second.generated).toEqual({ ca: false, server: false });
    expect(second).toMatchObject({ ca: first.ca, cert: first.cert, key: first.key });
    expect(await read('caKey')).toBeTruthy();
  });

  it('replaces the server certificate when it has expired, or is about to, and keeps the CA', async () => {
    const first = await ensure();
    clock = new Date(START.getTime() + (SERVER_VALIDITY_DAYS - RENEW_BEFORE_DAYS + 1) * DAY);
    const renewed = await ensure();
    expect(renewed.generated).toEqual({ ca: false, server: true });
    expect(renewed.ca).toBe(first.ca);
    expect(renewed.cert).not.toBe(first.cert);
    expect(renewed.key).not.toBe(first.key);
    const server = new X509Certificate(renewed.cert);
    expect(server.checkIssued(new X509Certificate(first.ca))).toBe(true);
    expect(new Date(server.validTo).getTime()).toBeGreaterThan(clock.getTime() + (SERVER_VALIDITY_DAYS - 1) * DAY);

    clock = new Date(START.getTime() + 2 * SERVER_VALIDITY_DAYS * DAY);
    expect((await ensure()).generated).toEqual({ ca: false, server: true });
  });

  it('replaces both when the CA has expired', async () => {
    const first = await ensure();
    clock = new Date(START.getTime() + (CA_VALIDITY_DAYS + 1) * DAY);
    const renewed = await ensure();
    expect(renewed.generated).toEqual({ ca: true, server: true });
    expect(renewed.ca).not.toBe(first.ca);
    expect(new X509Certificate(renewed.cert).checkIssued(new X509Certificate(renewed.ca))).toBe(true);
  });

  it.each([
    ['the server certificate', [TLS_FILES.cert], { ca: false, server: true }],
    ['the server key', [TLS_FILES.key], { ca: false, server: true }],
    ['the CA key', [TLS_FILES.caKey], { ca: true, server: true }],
    ['everything', Object.values(TLS_FILES), { ca: true, server: true }],
  ])('generates again when %s is missing', async (_label, removed, generated) => {
    await ensure();
    for (const file of removed) await fs.rm(join(dir, file));
    const again = await ensure();
    expect(again.generated).toEqual(generated);
    expect(new X509Certificate(again.cert).checkIssued(new X509Certificate(again.ca))).toBe(true);
  });

  it('replaces a server certificate another CA signed, or whose key does not match, or that is not a certificate', async () => {
    const first = await ensure();
    const otherDir = await fs.mkdtemp(join(tmpdir(), 'provsim-tls-spec-other-'));
    try {
      const other = await ensureLocalTls({ dir: otherDir, names: DEFAULT_NAMES, now });
      await fs.writeFile(join(dir, TLS_FILES.cert), other.cert);
      await fs.writeFile(join(dir, TLS_FILES.key), other.key);
      const resigned = await ensure();
      expect(resigned.generated).toEqual({ ca: false, server: true });
      expect(new X509Certificate(resigned.cert).checkIssued(new X509Certificate(first.ca))).toBe(true);

      await fs.writeFile(join(dir, TLS_FILES.key), other.key);
      expect((await ensure()).generated).toEqual({ ca: false, server: true });

      await fs.writeFile(join(dir, TLS_FILES.cert), 'not a certificate');
      expect((await ensure()).generated).toEqual({ ca: false, server: true });
    } finally {
      await fs.rm(otherDir, { recursive: true, force: true });
    }
  });

  it('generates a server certificate again when it must cover a name it does not, keeping the names it had', async () => {
    await ensure();
    const widened = await ensure([...DEFAULT_NAMES, 'provsim.example']);
    expect(widened.generated).toEqual({ ca: false, server: true });
    expect(widened.names).toEqual(expect.arrayContaining([...DEFAULT_NAMES, 'provsim.example']));
    // Another app of the same directory with another public host: both names, and no ping-pong afterwards.
    const both = await ensure([...DEFAULT_NAMES, 'scim.example']);
    expect(both.names).toEqual(expect.arrayContaining(['provsim.example', 'scim.example']));
    expect((await ensure([...DEFAULT_NAMES, 'provsim.example'])).generated).toEqual({ ca: false, server: false });
    expect((await ensure([...DEFAULT_NAMES, 'scim.example'])).generated).toEqual({ ca: false, server: false });
  });

  it('serialises concurrent calls on one directory: one CA, one server certificate', async () => {
    const [a, b] = await Promise.all([ensure(), ensure()]);
    expect(a.ca).toBe(b.ca);
    expect(a.cert).toBe(b.cert);
    expect(b.generated).toEqual({ ca: false, server: false });
  });
});

describe('serverCertificateNames', () => {
  it.each([
    ['127.0.0.1', [], DEFAULT_NAMES],
    ['0.0.0.0', [], DEFAULT_NAMES],
    ['::', [], DEFAULT_NAMES],
    ['Provsim.Local', [], [...DEFAULT_NAMES, 'provsim.local']],
    ['10.1.2.3', ['https://graph.provsim.test:8443/', undefined], [...DEFAULT_NAMES, '10.1.2.3', 'graph.provsim.test']],
    ['0:0:0:0:0:0:0:1', ['https://[::1]:3000'], DEFAULT_NAMES],
    ['127.0.0.1', ['https://[2001:DB8::0:1]:3000'], [...DEFAULT_NAMES, '2001:db8::1']],
  ])('HOST %s, public URLs %j → %j', (host, urls, names) => {
    expect(serverCertificateNames(host, urls)).toEqual(names);
  });

  it('normalizes names', () => {
    expect(normalizeName('[::1]')).toBe('::1');
    expect(normalizeName('LOCALHOST')).toBe('localhost');
  });
});

describe('PROVSIM_HTTPS', () => {
  it.each([
    [{}, false],
    [{ PROVSIM_HTTPS: '' }, false],
    [{ PROVSIM_HTTPS: 'false' }, false],
    [{ PROVSIM_HTTPS: 'true' }, true],
  ])('%j → %s', (env, value) => {
    expect(loadConfig(CommonConfig, env).PROVSIM_HTTPS).toBe(value);
  });

  it.each(['yes', '1', 'TRUE'])('refuses %j, naming the variable', (value) => {
    expect(() => loadConfig(CommonConfig, { PROVSIM_HTTPS: value })).toThrow(ConfigError);
    expect(() => loadConfig(CommonConfig, { PROVSIM_HTTPS: value })).toThrow(/PROVSIM_HTTPS must be true or false/);
  });

  it('off: no TLS material; on: under <dataDir>/tls, covering HOST and the public URL', async () => {
    const dataDir = await fs.mkdtemp(join(tmpdir(), 'provsim-data-spec-'));
    try {
      expect(await localTlsFor({ PROVSIM_HTTPS: false, PROVSIM_DATA_DIR: dataDir, HOST: '127.0.0.1' })).toBeNull();
      const on = await localTlsFor({ PROVSIM_HTTPS: true, PROVSIM_DATA_DIR: dataDir, HOST: 'provsim.local' }, 'https://graph.provsim.test');
      expect(on!.caFile).toBe(join(dataDir, 'tls', 'ca.pem'));
      expect(on!.names).toEqual(expect.arrayContaining([...DEFAULT_NAMES, 'provsim.local', 'graph.provsim.test']));
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  it('with PROVSIM_DATA_DIR=memory, one temporary directory for the whole process', () => {
    const dir = tlsDirectory('memory');
    expect(dir.startsWith(tmpdir())).toBe(true);
    expect(tlsDirectory('memory')).toBe(dir);
    expect(tlsDirectory('./some/data')).toBe(join(process.cwd(), 'some/data/tls'));
  });
});
