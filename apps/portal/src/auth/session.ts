/**
 * The admin token lives for this browser tab only (sessionStorage), never in a URL the server sees:
 * the start banner's sign-in link carries it in the fragment (`/portal/#token=…`), which browsers do not send.
 */
const KEY = 'provsim.adminToken';
type Listener = () => void;
const listeners = new Set<Listener>();

export function getToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function setToken(token: string): void {
  sessionStorage.setItem(KEY, token);
  listeners.forEach((listener) => listener());
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(TARGET_KEY);
  listeners.forEach((listener) => listener());
}

/**
 * The SCIM target's admin API (provsim, not part of Entra): its root URL and admin token, kept like the tenant's token
 * (this tab only, cleared on sign-out). The portal calls it cross-origin; the target allows that for /admin… only.
 */
export interface TargetConnection {
  /** e.g. http://127.0.0.1:3001 (the admin API is under /admin). */
  url: string;
  token: string;
}

const TARGET_KEY = 'provsim.scimTarget';

/** The stored connection as text: a stable snapshot for useSyncExternalStore. */
export function targetConnectionSnapshot(): string | null {
  return sessionStorage.getItem(TARGET_KEY);
}

export function getTargetConnection(): TargetConnection | null {
  const raw = targetConnectionSnapshot();
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<TargetConnection>;
    return typeof parsed.url === 'string' && typeof parsed.token === 'string' ? { url: parsed.url, token: parsed.token } : null;
  } catch {
    return null;
  }
}

/** Keeps (or, with null, forgets) the target connection; the URL loses any trailing slash or /admin… path. */
export function setTargetConnection(connection: TargetConnection | null): void {
  if (connection) sessionStorage.setItem(TARGET_KEY, JSON.stringify({ url: targetRoot(connection.url), token: connection.token }));
  else sessionStorage.removeItem(TARGET_KEY);
  listeners.forEach((listener) => listener());
}

/** `http://h:3001/admin/tenants/` → `http://h:3001`: the root, whatever part of the admin API's address was pasted. */
export function targetRoot(url: string): string {
  return url
    .trim()
    .replace(/\/admin(\/.*)?$/, '')
    .replace(/\/+$/, '');
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Takes `#token=…` off the address (keeping any other fragment parameters out of the history entry too) and signs in
 * with it; `&target=<url>&targetToken=…` (the start banner adds them) connects the SCIM target too. Returns true when
 * a token was found.
 */
export function adoptTokenFromFragment(location: Location = window.location, history: History = window.history): boolean {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = fragment.get('token');
  if (!token) return false;
  setToken(token);
  const target = fragment.get('target');
  const targetToken = fragment.get('targetToken');
  if (target && targetToken) setTargetConnection({ url: target, token: targetToken });
  history.replaceState(history.state, '', location.pathname + location.search);
  return true;
}
