import { CliError } from '../cli-error';

/** A command-line integer of at least `minimum`, or a CliError naming the flag. */
export function integerOption(flag: string, value: string, minimum: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum)
    throw new CliError(`${flag}: must be an integer >= ${minimum}, got "${value}"`);
  return parsed;
}
