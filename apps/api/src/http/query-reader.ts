import { MAX_PAGE_LIMIT } from '@riptide/store';
import { isIsoDateTimeWithZone } from '@riptide/contracts';
import { InvalidParameterException } from './api-error';

/** Longest text parameter accepted (ids, object ids, group values): anything longer is a mistake or an attack. */
export const MAX_TEXT_PARAMETER = 2_048;

/**
 * Reads a route's query parameters one by one, each checked for its kind and bounds, failing with a 400
 * that names the parameter. A parameter the route does not take is refused too: a typo (`min_szie`)
 * would otherwise be silently ignored and the caller would believe the filter applied.
 */
export class QueryReader {
  constructor(
    private readonly query: Record<string, unknown>,
    allowed: readonly string[],
  ) {
    for (const name of Object.keys(query))
      if (!allowed.includes(name))
        throw new InvalidParameterException(
          name,
          `is not a parameter of this route (it takes ${allowed.length > 0 ? allowed.join(', ') : 'none'})`,
        );
  }

  /** The raw text of a parameter given once; undefined when absent. */
  string(name: string, maxLength = MAX_TEXT_PARAMETER): string | undefined {
    const value = this.query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new InvalidParameterException(name, 'must be given once');
    if (value === '') throw new InvalidParameterException(name, 'must not be empty (leave it out instead)');
    if (value.length > maxLength)
      throw new InvalidParameterException(
        name,
        `must be at most ${maxLength} characters, got ${value.length}`,
      );
    return value;
  }

  int(name: string, bounds: { min: number; max: number }): number | undefined {
    const text = this.string(name, 32);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || value < bounds.min || value > bounds.max)
      throw new InvalidParameterException(
        name,
        `must be a whole number from ${bounds.min} to ${bounds.max}, got "${text}"`,
      );
    return value;
  }

  number(name: string, bounds: { min: number; max: number }): number | undefined {
    const text = this.string(name, 32);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value < bounds.min || value > bounds.max)
      throw new InvalidParameterException(
        name,
        `must be a number from ${bounds.min} to ${bounds.max}, got "${text}"`,
      );
    return value;
  }

  choice<T extends string>(name: string, choices: readonly T[]): T | undefined {
    const text = this.string(name, 64);
    if (text === undefined) return undefined;
    if (!(choices as readonly string[]).includes(text))
      throw new InvalidParameterException(name, `must be one of ${choices.join(', ')}, got "${text}"`);
    return text as T;
  }

  /** An ISO-8601 date-time with its zone (`2026-12-01T12:00:00Z`): a time without a zone would mean the server's. */
  time(name: string): Date | undefined {
    const text = this.string(name, 64);
    if (text === undefined) return undefined;
    if (!isIsoDateTimeWithZone(text))
      throw new InvalidParameterException(
        name,
        `must be an ISO-8601 date-time with a zone, such as 2026-12-01T12:00:00Z, got "${text}"`,
      );
    return new Date(text);
  }

  /** since/until as a window; until must come after since. */
  window(): { since?: Date; until?: Date } {
    const since = this.time('since');
    const until = this.time('until');
    if (since && until && until <= since)
      throw new InvalidParameterException('until', 'must be later than since');
    return { since, until };
  }

  limit(): number | undefined {
    return this.int('limit', { min: 1, max: MAX_PAGE_LIMIT });
  }

  /** Checked for what it is by the query that decodes it (a cursor of another list or sort is a 400 there). */
  cursor(): string | undefined {
    return this.string('cursor', 4_096);
  }
}

/** A path parameter (an id): non-empty and bounded. */
export function pathId(name: string, value: string): string {
  if (value === '' || value.length > MAX_TEXT_PARAMETER)
    throw new InvalidParameterException(name, `must be 1 to ${MAX_TEXT_PARAMETER} characters`);
  return value;
}
