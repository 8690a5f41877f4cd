import pino, { Logger } from 'pino';
import { envString } from '../config/env';

export type { Logger } from 'pino';

/**
 * Structured JSON logs on stdout, one logger per component; LOG_LEVEL sets the level (default info).
 * Writes are synchronous: services log little, and a process ended by a signal (Nest re-raises SIGTERM
 * after its shutdown hooks) must not lose its last lines, which pino's default async buffer would.
 */
export function createLogger(component: string): Logger {
  return pino(
    { name: component, level: envString('LOG_LEVEL', 'info'), base: { component } },
    pino.destination({ dest: 1, sync: true }),
  );
}
