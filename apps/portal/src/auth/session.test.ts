import { beforeEach, describe, expect, it } from 'vitest';
import { adoptTokenFromFragment, getToken, signOut } from './session';

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
