import pino, { Logger } from 'pino';
import { envString } from '../config/env';

export type { Logger } from 'pino';

/** Structured JSON logs on stdout, one logger per component; LOG_LEVEL sets the level (default info). */
export function createLogger(component: string): Logger {
  return pino({ name: component, level: envString('LOG_LEVEL', 'info'), base: { component } });
}
