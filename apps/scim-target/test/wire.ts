import net from 'node:net';

/** An HTTP answer read off a raw socket: what a test needs when the request itself cannot be sent by an HTTP client. */
export interface WireAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any;
  /** The socket error the client saw, if any (ECONNRESET, EPIPE…). */
  socketError?: string;
}

function decodeChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol === -1) break;
    const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Parses the first HTTP/1.1 response in `raw` (status 0 when there is none). */
export function parseWireAnswer(raw: Buffer, socketError?: string): WireAnswer {
  const split = raw.indexOf('\r\n\r\n');
  if (split === -1) return { status: 0, headers: {}, text: raw.toString('utf8'), json: undefined, socketError };
  const [statusLine, ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(split + 4);
  if (headers['transfer-encoding'] === 'chunked') body = decodeChunked(body);
  else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  const text = body.toString('utf8');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, text, json, socketError };
}

/**
 * Writes `request` byte for byte on a fresh connection and reads until the server closes it (or `waitMs` passes),
 * then parses the first answer. For requests an HTTP client would refuse to send or would fix up.
 */
export function wireExchange(origin: string, request: string | Buffer, waitMs = 5000): Promise<WireAnswer> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    const received: Buffer[] = [];
    let socketError: string | undefined;
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => (socketError = error.code ?? error.message));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseWireAnswer(Buffer.concat(received), socketError));
    });
    socket.write(request);
  });
}
