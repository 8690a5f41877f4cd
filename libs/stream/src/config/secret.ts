import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/** Where a secret was read, so that a copy can read it again: a variable name or a path, never the value. */
export type SecretSource = { readonly env: string } | { readonly file: string };

/**
 * A password or private key. It survives object spreads (the connection is often copied with a new
 * topic prefix) but never its own printing: JSON, `util.inspect`, template strings and pino all see
 * `[redacted]`. Only the code that speaks to the broker reads it, with `revealSecret`.
 */
export class Secret {
  readonly #value: string;

  constructor(
    value: string,
    readonly source?: SecretSource,
  ) {
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

/**
 * The secret's value, also in a worker thread: a connection handed to a thread is a structured clone,
 * which keeps neither the class nor its private field, only `source`. The thread reads the value again
 * from there (a worker starts with a copy of its parent's environment).
 */
export function revealSecret(secret: Secret): string {
  if (secret instanceof Secret) return secret.reveal();
  const source = (secret as { source?: SecretSource }).source;
  if (source && 'env' in source && process.env[source.env]) return process.env[source.env] as string;
  if (source && 'file' in source) return readSecretFile(source.file);
  throw new Error(
    `a secret copied to another thread cannot be read again from ${JSON.stringify(source ?? 'nowhere')}`,
  );
}

/** A secret file's text without its trailing newline (editors and `echo` add one). */
export function readSecretFile(path: string): string {
  return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
}
