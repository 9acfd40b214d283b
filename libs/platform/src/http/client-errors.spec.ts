import type { Socket } from 'node:net';
import { clientErrorResponder, requestLineOverflowed } from './client-errors';

function fakeSocket(inFlight?: { headersSent: boolean }) {
  const socket = {
    writable: true,
    written: '',
    destroyed: false,
    _httpMessage: inFlight,
    end(text: string) {
      this.written = text;
    },
    destroy() {
      this.destroyed = true;
    },
  };
  return socket;
}

const overflow = (raw: string) => Object.assign(new Error('Header overflow'), { code: 'HPE_HEADER_OVERFLOW', rawPacket: Buffer.from(raw) });
const envelope = (status: number, message: string) => ({ contentType: 'application/json', body: { status, message } });

describe('requestLineOverflowed', () => {
  it.each([
    ['a request line with no end in the packet', true, `GET /x?${'a'.repeat(70_000)}`],
    ['a request line longer than the limit', true, `GET /x/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n`],
    ['large headers after a short request line', false, `GET /x HTTP/1.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n`],
    [
      'a request line within the limit, headers over it',
      false,
      `GET /x/${'a'.repeat(10_000)} HTTP/1.1\r\nX-Big: ${'a'.repeat(10_000)}\r\n`,
    ],
    ['a packet from the middle of a request', false, 'a'.repeat(20_000)],
  ])('%s → %s', (_label, expected, raw) => {
    expect(requestLineOverflowed(overflow(raw), 16_384)).toBe(expected);
  });

  it('is false without a packet', () => {
    expect(requestLineOverflowed({})).toBe(false);
  });
});

describe('clientErrorResponder', () => {
  it('answers a header overflow 431, or 414 for a long request line when asked', () => {
    const long = overflow(`GET /x?${'a'.repeat(70_000)}`);
    for (const [options, status] of [
      [{}, 431],
      [{ uriTooLong: true }, 414],
    ] as const) {
      const socket = fakeSocket();
      clientErrorResponder(envelope, options)(long, socket as unknown as Socket);
      expect(socket.written).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
      expect(socket.written).toContain(`{"status":${status},`);
    }
  });

  it('writes nothing over an answer already under way: it closes the connection', () => {
    const timeout = Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' });
    const busy = fakeSocket({ headersSent: true });
    clientErrorResponder(envelope)(timeout, busy as unknown as Socket);
    expect(busy).toMatchObject({ written: '', destroyed: true });
    const idle = fakeSocket({ headersSent: false });
    clientErrorResponder(envelope)(timeout, idle as unknown as Socket);
    expect(idle.written).toMatch(/^HTTP\/1.1 408 /);
  });
});
