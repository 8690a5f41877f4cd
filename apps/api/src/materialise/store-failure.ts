import { TransientError } from '@riptide/stream';

/** Node's codes for a connection that could not be made or was lost. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
/** SQLSTATE classes that are the message's fault: data exceptions (22) and integrity violations (23). */
const MESSAGE_FAULT_CLASSES = new Set(['22', '23']);

/**
 * Whether a failed write is the store's fault, not the messages': the server is down or restarting, a
 * connection broke, a serialisation failure or deadlock asks for a retry, the pool or PGlite is closed.
 * libs/stream then retries the same batch with backoff for as long as it takes; anything else is
 * treated as a poison message (split off and dead-lettered), which a database outage must never cause:
 * its messages would be missing from the store for good.
 */
export function isStoreOutage(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return true;
    // Any other SQLSTATE (08 connection, 40 rollback, 53 resources, 57 operator intervention, 55 lock…).
    if (/^[0-9A-Z]{5}$/.test(code)) return !MESSAGE_FAULT_CLASSES.has(code.slice(0, 2));
  }
  // pg and PGlite report a lost or closed connection without a code.
  return (
    typeof message === 'string' &&
    /connection terminated|connection.*(closed|ended)|pglite is closed|timeout exceeded when trying to connect|driver has already been destroyed/i.test(
      message,
    )
  );
}

/** Rethrows a store outage as a TransientError, anything else unchanged. */
export function classifyStoreFailure(error: unknown): never {
  if (isStoreOutage(error))
    throw new TransientError(`store unavailable: ${(error as Error).message}`, { cause: error });
  throw error;
}
