import type { Logger } from 'pino';

let installed = false;

/**
 * The last line of defence of a server process: an error that escaped every request handler (a promise nobody
 * awaited, an exception thrown in a timer a request started) is logged once, as an error, and the process keeps
 * serving instead of ending — one bad request must never take the simulator down for everyone. Every known path
 * is fixed at its root (errors there become error answers); this net is for the ones not yet known, and each line
 * it logs is a defect to fix. Installed by the executables (`npm start`, the single-app mains), not by tests.
 */
export function installProcessSafetyNet(logger: Logger): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection; the process keeps serving');
  });
  process.on('uncaughtException', (error, origin) => {
    logger.error({ err: error, origin }, 'uncaught exception; the process keeps serving');
  });
}
