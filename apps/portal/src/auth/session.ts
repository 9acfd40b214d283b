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
  listeners.forEach((listener) => listener());
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Takes `#token=…` off the address (keeping any other fragment parameters out of the history entry too) and signs in
 * with it. Returns true when a token was found.
 */
export function adoptTokenFromFragment(location: Location = window.location, history: History = window.history): boolean {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = fragment.get('token');
  if (!token) return false;
  setToken(token);
  history.replaceState(history.state, '', location.pathname + location.search);
  return true;
}
