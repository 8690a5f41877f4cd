/**
 * A query parameter the caller got wrong (a cursor that was not one of ours, a limit out of range): the
 * api answers it with 400 naming `field`, never with a 500.
 */
export class QueryParameterError extends Error {
  override readonly name = 'QueryParameterError';

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
