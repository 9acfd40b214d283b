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
