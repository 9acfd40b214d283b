import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

export interface ClientErrorOptions {
  /**
   * Answer 414 URI Too Long, rather than 431, when it is the request line alone that is over Node's header size
   * limit (see requestLineOverflowed).
   */
  uriTooLong?: boolean;
}

const REQUEST_LINE_START = /^[A-Z][A-Z-]* [^ \r\n]/;

/**
 * Whether a header overflow (HPE_HEADER_OVERFLOW) happened inside the request line: the packet being parsed starts
 * with a request line that does not end within the limit. A request line that arrived in several packets cannot be
 * told apart from large headers; it is then reported as such (false).
 */
export function requestLineOverflowed(error: { rawPacket?: unknown }, limit = maxHeaderSize): boolean {
  const packet = error.rawPacket;
  if (!Buffer.isBuffer(packet) || !REQUEST_LINE_START.test(packet.subarray(0, 32).toString('latin1'))) return false;
  const end = packet.indexOf(0x0a);
  return end === -1 || end >= limit;
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refuses before any route runs (headers or URL
 * over the size limit, a malformed request line) still gets an answer in the app's own error envelope, not
 * Node's empty one. Nothing is written when an answer to this connection is already under way (it would corrupt
 * it): the connection is closed instead.
 */
export function clientErrorResponder(
  envelope: (status: number, message: string) => { contentType: string; body: object },
  options: ClientErrorOptions = {},
) {
  return (error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void => {
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, message] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? options.uriTooLong && requestLineOverflowed(error)
          ? [414, 'The request URL is longer than the server accepts.']
          : [431, 'The request line and headers are larger than the server accepts.']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'The request was not received in time.']
          : [400, 'The request is not valid HTTP.'];
    const { contentType, body } = envelope(status, message);
    const text = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  };
}
