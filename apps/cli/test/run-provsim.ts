import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { run } from '../src/main';

/** Runs `provsim …` in this process (with `env` added for the run) and answers the exit code and what it wrote. */
export async function provsim(
  argv: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | 'running'; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true));
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await run(argv);
    return { code, stdout, stderr };
  } finally {
    process.env = saved;
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

/** A printed replay line (`provsim soak … --token "$PROVSIM_TOKEN" …`) as argv, the token variable replaced by `token`. */
export function replayArgv(replay: string, token = process.env.PROVSIM_TOKEN ?? ''): string[] {
  const words = replay.match(/'[^']*'|"[^"]*"|\S+/g)!.map((w) => w.replace(/^'(.*)'$/, '$1'));
  expect(words.slice(0, 2)).toEqual(['provsim', 'soak']);
  return words.slice(1).map((w) => (w === '"$PROVSIM_TOKEN"' ? token : w));
}

/** A SCIM PATCH body as the engine sends it. */
export interface ScimPatch {
  Operations: { op?: string; path?: string; value?: unknown }[];
}

/**
 * A planted defect for soak tests: a thin proxy in front of `targetUrl` that passes every request on, PATCHes that
 * `matches` (by path) rewritten by `rewrite` first. When the rewrite leaves no operation the proxy answers 204 itself,
 * as an app that ignores the operations would. Answers the proxy's SCIM base URL and how to close it.
 */
export async function startPatchRewritingProxy(
  targetUrl: string,
  matches: (path: string) => boolean,
  rewrite: (operations: ScimPatch['Operations']) => ScimPatch['Operations'],
): Promise<{ scimBase: string; close: () => Promise<void> }> {
  const proxy = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      let body = Buffer.concat(chunks).toString();
      if (req.method === 'PATCH' && body && matches(req.url ?? '')) {
        const patch = JSON.parse(body) as ScimPatch;
        patch.Operations = rewrite(patch.Operations);
        if (patch.Operations.length === 0) {
          res.writeHead(204);
          res.end();
          return;
        }
        body = JSON.stringify(patch);
      }
      const answer = await fetch(`${targetUrl}${req.url}`, {
        method: req.method,
        headers: {
          authorization: req.headers.authorization ?? '',
          ...(body ? { 'content-type': req.headers['content-type'] ?? 'application/scim+json' } : {}),
        },
        body: body || undefined,
      });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/scim+json' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    scimBase: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/scim/v2`,
    close: () => new Promise<void>((resolve) => proxy.close(() => resolve())),
  };
}
