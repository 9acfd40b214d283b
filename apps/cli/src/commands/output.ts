import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/** Colours only on a terminal, never with NO_COLOR or --json (picocolors also honours FORCE_COLOR). */
export function colorsFor(json: boolean, stream: NodeJS.WriteStream = process.stdout): Colors {
  return pc.createColors(!json && pc.isColorSupported && stream.isTTY === true);
}

/** Whether a progress bar may be drawn: on a terminal (stderr) and not in --json mode. */
export function progressAllowed(json: boolean): boolean {
  return !json && process.stderr.isTTY === true;
}
