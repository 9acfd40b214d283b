import { beforeEach, describe, expect, it } from 'vitest';
import { adoptTokenFromFragment, getTargetConnection, getToken, setTargetConnection, signOut, targetRoot } from './session';

describe('adoptTokenFromFragment', () => {
  beforeEach(() => signOut());

  it.each([
    { hash: '#token=abc123', token: 'abc123', adopted: true },
    { hash: '#token=a%2Bb%3D', token: 'a+b=', adopted: true },
    { hash: '#other=1', token: null, adopted: false },
    { hash: '', token: null, adopted: false },
  ])('$hash → $token', ({ hash, token, adopted }) => {
    window.history.replaceState(null, '', `/portal/users?x=1${hash}`);
    expect(adoptTokenFromFragment()).toBe(adopted);
    expect(getToken()).toBe(token);
    if (adopted) expect(window.location.hash).toBe('');
    expect(window.location.pathname + window.location.search).toBe('/portal/users?x=1');
  });
});

describe('SCIM target connection', () => {
  beforeEach(() => signOut());

  it.each([
    { hash: '#token=t&target=http%3A%2F%2F127.0.0.1%3A3001&targetToken=x%2By', target: { url: 'http://127.0.0.1:3001', token: 'x+y' } },
    { hash: '#token=t&target=http%3A%2F%2F127.0.0.1%3A3001', target: null },
    { hash: '#target=http%3A%2F%2Fh&targetToken=x', target: null },
  ])('$hash → $target, and nothing of it stays in the address', ({ hash, target }) => {
    window.history.replaceState(null, '', `/portal/${hash}`);
    adoptTokenFromFragment();
    expect(getTargetConnection()).toEqual(target);
    expect(window.location.hash).toBe(target ? '' : window.location.hash);
  });

  it('is forgotten on sign-out and on disconnect', () => {
    setTargetConnection({ url: 'http://h:1', token: 'k' });
    expect(getTargetConnection()).toEqual({ url: 'http://h:1', token: 'k' });
    signOut();
    expect(getTargetConnection()).toBeNull();
    setTargetConnection({ url: 'http://h:1', token: 'k' });
    setTargetConnection(null);
    expect(getTargetConnection()).toBeNull();
  });

  it.each([
    ['http://h:3001', 'http://h:3001'],
    ['http://h:3001/', 'http://h:3001'],
    [' http://h:3001/admin/tenants ', 'http://h:3001'],
    ['http://h:3001/admin', 'http://h:3001'],
    ['https://proxy/x/admin/tenants/acme/', 'https://proxy/x'],
  ])('targetRoot(%j) → %s', (url, root) => expect(targetRoot(url)).toBe(root));
});
