import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A password or private key. It survives object spreads (the connection is often copied with a new
 * topic prefix) but never its own printing: JSON, `util.inspect`, template strings and pino all see
 * `[redacted]`. Only the code that speaks to the broker calls `reveal()`.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
