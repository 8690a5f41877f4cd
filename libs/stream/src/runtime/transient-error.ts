/**
 * Thrown by a handler when the failure is not the message's fault (a dependency is down): the runtime
 * retries the same batch with backoff instead of splitting it to hunt for a poison message.
 */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}
