/**
 * PROVSIM_HTTPS: a local certificate authority and a server certificate it signs, generated once into
 * `<PROVSIM_DATA_DIR>/tls` and reused on later starts. Certificates are made with @peculiar/x509 over Node's
 * WebCrypto (ECDSA P-256, SHA-256); checks of what is on disk use Node's own X509Certificate.
 */
import { createPrivateKey, randomBytes, webcrypto, X509Certificate as NodeCertificate } from 'node:crypto';
import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as X509 from '@peculiar/x509';
import { KeyedMutex } from '../keyed-mutex';

/** File names inside the TLS directory. */
export const TLS_FILES = { ca: 'ca.pem', caKey: 'ca-key.pem', cert: 'server.pem', key: 'server-key.pem' } as const;

const DAY_MS = 24 * 60 * 60 * 1000;
/** The CA lasts ten years: trusting it is a step the user takes once. */
export const CA_VALIDITY_DAYS = 3650;
/** Under the 398 days some clients accept for a server certificate; a new one is signed by the same CA. */
export const SERVER_VALIDITY_DAYS = 397;
/** A certificate that expires within this margin is replaced at start, so a running app never serves an expired one. */
export const RENEW_BEFORE_DAYS = 7;
/** notBefore is backdated a little, for clients whose clock is slightly behind. */
const BACKDATE_MS = 60 * 60 * 1000;

const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const CA_NAME = 'CN=provsim local CA, O=provsim';

export interface LocalTls {
  /** Absolute path of the TLS directory. */
  dir: string;
  /** `<dir>/ca.pem`: what clients trust (NODE_EXTRA_CA_CERTS, curl --cacert). */
  caFile: string;
  /** The CA certificate, PEM. */
  ca: string;
  /** The server certificate, PEM. */
  cert: string;
  /** The server certificate's private key, PKCS#8 PEM. */
  key: string;
  /** Host names and IP addresses the server certificate covers (its subjectAltName). */
  names: string[];
  /** What this call wrote: nothing when both certificates were reused. */
  generated: { ca: boolean; server: boolean };
}

export interface LocalTlsOptions {
  /** Directory of the four files; created (mode 0700) when missing. */
  dir: string;
  /** Names the server certificate must cover (see serverCertificateNames). */
  names: readonly string[];
  /** Wall clock; injectable for tests. */
  now?: () => Date;
}

type X509Module = typeof X509;
let x509Module: Promise<X509Module> | undefined;

/** @peculiar/x509 is loaded on first use only: a start without PROVSIM_HTTPS does not pay for it. */
function loadX509(): Promise<X509Module> {
  x509Module ??= (async () => {
    await import('reflect-metadata'); // its dependency injection container (tsyringe) needs the Reflect polyfill
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    return x509;
  })();
  return x509Module;
}

/** Lower-case host names, IPv6 addresses in their compressed form without brackets. */
export function normalizeName(name: string): string {
  const bare = name
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  if (isIP(bare) === 6) return new URL(`http://[${bare}]`).hostname.slice(1, -1);
  return bare;
}

/**
 * The names a server certificate must cover: localhost, 127.0.0.1 and ::1, the listening interface (HOST) unless
 * it is a wildcard, and the host of each public URL that is set.
 */
export function serverCertificateNames(host: string, publicUrls: ReadonlyArray<string | undefined> = []): string[] {
  const names = ['localhost', '127.0.0.1', '::1'];
  if (host !== '' && host !== '0.0.0.0' && host !== '::') names.push(host);
  for (const url of publicUrls) if (url) names.push(new URL(url).hostname);
  return [...new Set(names.map(normalizeName))];
}

const mutex = new KeyedMutex();

/**
 * The CA and the server certificate in `dir`: reused when they are valid for more than RENEW_BEFORE_DAYS, belong
 * together (each key matches its certificate, the CA signed the server certificate) and the server certificate
 * covers every name asked for; otherwise what is missing or stale is generated again. A new CA brings a new
 * server certificate. A new server certificate covers the names asked for and those of the one it replaces (when
 * the CA signed it), so two apps sharing the directory with different public URLs do not replace each other's.
 */
export function ensureLocalTls(options: LocalTlsOptions): Promise<LocalTls> {
  const dir = resolve(options.dir);
  return mutex.run(dir, () => ensure(dir, options.names.map(normalizeName), options.now ?? (() => new Date())));
}

interface Pem {
  cert: string;
  key: string;
}

async function ensure(dir: string, wanted: string[], now: () => Date): Promise<LocalTls> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const at = now();
  const renewBy = new Date(at.getTime() + RENEW_BEFORE_DAYS * DAY_MS);
  const files = (name: keyof typeof TLS_FILES) => join(dir, TLS_FILES[name]);

  let ca = await readPair(files('ca'), files('caKey'));
  const caUsable = ca !== null && caIsUsable(ca, at, renewBy);
  const generated = { ca: false, server: false };
  if (!caUsable) {
    ca = await generateCa(at);
    await writePair(ca, files('ca'), files('caKey'));
    generated.ca = true;
  }
  const caCert = new NodeCertificate(ca!.cert);

  let server = await readPair(files('cert'), files('key'));
  const previous = server && issuedBy(server.cert, caCert) ? coveredNames(server.cert) : [];
  if (generated.ca || server === null || !serverIsUsable(server, caCert, wanted, at, renewBy)) {
    const names = [...new Set([...wanted, ...previous])];
    server = await generateServer(ca!, names, at);
    await writePair(server, files('cert'), files('key'));
    generated.server = true;
  }
  return { dir, caFile: files('ca'), ca: ca!.cert, cert: server.cert, key: server.key, names: coveredNames(server.cert), generated };
}

/** Both files, or null when either is missing; private keys left readable by others are narrowed to 0600. */
async function readPair(certFile: string, keyFile: string): Promise<Pem | null> {
  try {
    const [cert, key, keyStat] = await Promise.all([fs.readFile(certFile, 'utf8'), fs.readFile(keyFile, 'utf8'), fs.stat(keyFile)]);
    if (process.platform !== 'win32' && (keyStat.mode & 0o077) !== 0) await fs.chmod(keyFile, 0o600);
    return { cert, key };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Each file through a temporary one and a rename: a reader never sees half a PEM. */
async function writePair(pem: Pem, certFile: string, keyFile: string): Promise<void> {
  await writeAtomically(keyFile, pem.key, 0o600);
  await writeAtomically(certFile, pem.cert, 0o644);
}

async function writeAtomically(file: string, content: string, mode: number): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temporary, content, { mode, flag: 'wx' });
    await fs.chmod(temporary, mode); // writeFile's mode is narrowed by the umask only
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/** Parses and checks; anything unreadable counts as unusable (and is replaced). */
function caIsUsable(ca: Pem, at: Date, renewBy: Date): boolean {
  try {
    const cert = new NodeCertificate(ca.cert);
    return cert.ca && cert.checkPrivateKey(createPrivateKey(ca.key)) && cert.verify(cert.publicKey) && isCurrent(cert, at, renewBy);
  } catch {
    return false;
  }
}

function serverIsUsable(server: Pem, ca: NodeCertificate, wanted: readonly string[], at: Date, renewBy: Date): boolean {
  try {
    const cert = new NodeCertificate(server.cert);
    return (
      cert.checkPrivateKey(createPrivateKey(server.key)) &&
      issuedBy(server.cert, ca) &&
      isCurrent(cert, at, renewBy) &&
      wanted.every((name) => covers(cert, name))
    );
  } catch {
    return false;
  }
}

function issuedBy(certPem: string, ca: NodeCertificate): boolean {
  try {
    const cert = new NodeCertificate(certPem);
    return cert.checkIssued(ca) && cert.verify(ca.publicKey);
  } catch {
    return false;
  }
}

function isCurrent(cert: NodeCertificate, at: Date, renewBy: Date): boolean {
  return new Date(cert.validFrom) <= at && new Date(cert.validTo) > renewBy;
}

function covers(cert: NodeCertificate, name: string): boolean {
  return isIP(name) ? cert.checkIP(name) !== undefined : cert.checkHost(name, { subject: 'never' }) !== undefined;
}

/** The DNS names and IP addresses of a certificate's subjectAltName; none when it cannot be read. */
export function coveredNames(certPem: string): string[] {
  try {
    const alt = new NodeCertificate(certPem).subjectAltName ?? '';
    return alt
      .split(', ')
      .map((entry) => /^(?:DNS:|IP Address:)(.+)$/.exec(entry)?.[1])
      .filter((name): name is string => name !== undefined)
      .map(normalizeName);
  } catch {
    return [];
  }
}

/** A positive serial number of 128 random bits. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  return bytes.toString('hex');
}

async function exportKey(x509: X509Module, key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key as webcrypto.CryptoKey), 'PRIVATE KEY');
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
}

async function generateCa(at: Date): Promise<Pem> {
  const x509 = await loadX509();
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: CA_NAME,
    notBefore: new Date(at.getTime() - BACKDATE_MS),
    notAfter: new Date(at.getTime() + CA_VALIDITY_DAYS * DAY_MS),
    signingAlgorithm: KEY_ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(x509, keys.privateKey) };
}

async function generateServer(ca: Pem, names: readonly string[], at: Date): Promise<Pem> {
  const x509 = await loadX509();
  const caCert = new x509.X509Certificate(ca.cert);
  const caKey = await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(ca.key), KEY_ALGORITHM, false, ['sign']);
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${names.includes('localhost') ? 'localhost' : names[0]}`,
    issuer: caCert.subject,
    notBefore: new Date(at.getTime() - BACKDATE_MS),
    notAfter: new Date(at.getTime() + SERVER_VALIDITY_DAYS * DAY_MS),
    signingAlgorithm: KEY_ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: caKey as unknown as CryptoKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        names.map((name) => ({ type: isIP(name) ? ('ip' as const) : ('dns' as const), value: name })),
      ),
      await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(x509, keys.privateKey) };
}

let memoryDir: string | undefined;

/**
 * `<dataDir>/tls`, absolute. With PROVSIM_DATA_DIR=memory, a temporary directory shared by every app of the
 * process and removed when it exits: nothing is kept, yet clients still have a ca.pem to trust meanwhile.
 */
export function tlsDirectory(dataDir: string): string {
  if (dataDir !== 'memory') return resolve(dataDir, 'tls');
  if (memoryDir === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'provsim-tls-'));
    memoryDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return memoryDir;
}

/** What an app's TLS settings come from (CommonConfig's fields). */
export interface TlsSettings {
  PROVSIM_HTTPS: boolean;
  PROVSIM_DATA_DIR: string;
  HOST: string;
}

/**
 * The TLS material an app serves when PROVSIM_HTTPS is on (null when off): its certificate covers the default
 * names, HOST and its public URL's host.
 */
export async function localTlsFor(config: TlsSettings, publicUrl?: string): Promise<LocalTls | null> {
  if (!config.PROVSIM_HTTPS) return null;
  return ensureLocalTls({ dir: tlsDirectory(config.PROVSIM_DATA_DIR), names: serverCertificateNames(config.HOST, [publicUrl]) });
}
