import { SIGNALS, type Signal } from '../share';

/** How one signal turns co-shares into evidence. */
export interface SignalSettings {
  /** Two shares of one object at most this many seconds apart pair up (inclusive). */
  readonly windowSeconds: number;
  /** Weight each co-share adds to an account pair; weak signals (a shared domain) count less. */
  readonly weight: number;
}

/**
 * Defaults: reposting the same post or near-identical text within a minute is strong evidence;
 * the same URL a bit weaker; a popular domain or hashtag is shared by many people at once, so
 * those get short windows and low weights.
 */
export const DEFAULT_SIGNAL_SETTINGS: Readonly<Record<Signal, SignalSettings>> = {
  'co-post': { windowSeconds: 60, weight: 1 },
  'co-url': { windowSeconds: 60, weight: 1 },
  'co-text': { windowSeconds: 60, weight: 1 },
  'co-media': { windowSeconds: 60, weight: 1 },
  'co-domain': { windowSeconds: 10, weight: 0.25 },
  'co-hashtag': { windowSeconds: 10, weight: 0.25 },
};

/** Merges overrides onto the defaults and checks every value, naming the field at fault. */
export function resolveSignalSettings(
  overrides: Partial<Record<Signal, Partial<SignalSettings>>> = {},
): Record<Signal, SignalSettings> {
  const resolved = {} as Record<Signal, SignalSettings>;
  for (const signal of SIGNALS) {
    const settings = { ...DEFAULT_SIGNAL_SETTINGS[signal], ...overrides[signal] };
    if (!Number.isFinite(settings.windowSeconds) || settings.windowSeconds < 0) {
      throw new RangeError(
        `signals.${signal}.windowSeconds must be a number of seconds >= 0, got ${settings.windowSeconds}`,
      );
    }
    if (!Number.isFinite(settings.weight) || settings.weight < 0) {
      throw new RangeError(`signals.${signal}.weight must be a number >= 0, got ${settings.weight}`);
    }
    resolved[signal] = settings;
  }
  for (const name of Object.keys(overrides)) {
    if (!(SIGNALS as readonly string[]).includes(name))
      throw new RangeError(`signals.${name} is not a known signal (${SIGNALS.join(', ')})`);
  }
  return resolved;
}
