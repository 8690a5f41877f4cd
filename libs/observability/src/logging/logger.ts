import pino, { Logger } from 'pino';
import { isMainThread, threadId } from 'node:worker_threads';
import { envString } from '../config/env';

export type { Logger } from 'pino';

const STDOUT = 1;
const STDERR = 2;
let destination = STDOUT;

/**
 * Sends the logs of every logger created from now on to stderr. For a command whose stdout is its
 * result (the bench's JSON summary): a log line there would make the document unparseable.
 */
export function logToStderr(): void {
  destination = STDERR;
}

/**
 * Structured JSON logs on stdout (stderr after logToStderr), one logger per component; LOG_LEVEL sets
 * the level (default info). Writes are synchronous: services log little, and a process ended by a
 * signal (Nest re-raises SIGTERM after its shutdown hooks) must not lose its last lines, which pino's
 * default async buffer would.
 */
export function createLogger(component: string): Logger {
  // A worker thread's lines carry its thread id: a scorer's threads otherwise log alike.
  const base = isMainThread ? { component } : { component, thread: threadId };
  return pino(
    { name: component, level: envString('LOG_LEVEL', 'info'), base },
    pino.destination({ dest: destination, sync: true }),
  );
}
