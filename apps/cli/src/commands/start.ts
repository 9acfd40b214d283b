import { Command } from 'commander';

/** `provsim start`: what `npm start` does (apps/stack), in this process, until Ctrl-C. */
export function startCommand(onStarted: () => void): Command {
  return new Command('start')
    .description('Start the simulated Entra tenant, the provisioning service and the SCIM target in one process (what `npm start` does)')
    .addHelpText(
      'after',
      '\nSettings come from the environment (DATABASE_URL, PROVSIM_DATA_DIR, ENTRA_PORT, SCIM_PORT, PROVSIM_CLOCK, …; see README.md, Configuration).\nThe portal is served only after `npm run build:portal`.',
    )
    .action(async () => {
      const { startStack } = await import('../../../stack/src/main');
      await startStack();
      onStarted();
    });
}
