const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

export function formatCount(value: number): string {
  return integer.format(value);
}

export function formatScore(value: number): string {
  return decimal.format(value);
}

export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** Seconds as the analyst reads them: "8 s", "4 min", "2.5 h". */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/**
 * UTC, minute precision (seconds where they are the evidence, as between two coordinated posts): the
 * API's times are UTC and analysts compare them across zones.
 */
export function formatTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date
    .toISOString()
    .slice(0, withSeconds ? 19 : 16)
    .replace('T', ' ')} UTC`;
}

export function formatHour(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

/** Long identifiers (URLs, text hashes) cut in the middle, the full value kept in the title. */
export function shorten(value: string, max = 48): string {
  if (value.length <= max) return value;
  const half = Math.floor((max - 1) / 2);
  return `${value.slice(0, half)}…${value.slice(value.length - half)}`;
}
