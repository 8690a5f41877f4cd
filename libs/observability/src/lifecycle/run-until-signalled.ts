import { createLogger } from '../logging/logger';

/** A started service: closing it finishes its work in hand, commits and releases what it holds. */
export interface ClosableService {
  close(): Promise<void>;
}

/**
 * A service's process entry: starts it, and on SIGTERM or SIGINT closes it once, then exits 0 (1 when it
 * failed to stop cleanly, or to start). Nest's own shutdown hooks re-raise the signal when each finishes;
 * this listener stays installed, so the process exits only once the whole service has closed.
 */
export function runUntilSignalled(name: string, start: () => Promise<ClosableService>): void {
  const log = createLogger(name);
  start().then(
    (service) => {
      let stopping: Promise<void> | undefined;
      const stop = (signal: NodeJS.Signals) => {
        stopping ??= service.close().then(
          () => {
            log.info({ signal }, `${name} stopped`);
            process.exit(0);
          },
          (error: unknown) => {
            log.error({ error: (error as Error).message }, `${name} failed to stop cleanly`);
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    },
    (error: unknown) => {
      log.fatal({ error: (error as Error).message }, `${name} failed to start`);
      process.exit(1);
    },
  );
}
