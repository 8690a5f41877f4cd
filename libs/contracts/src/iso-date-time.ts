// RFC 3339 date-times with a mandatory zone, checked without allocating: every message carries one
// to four of them, and a general-purpose parser here cost more than the rest of the validation.
// Leap seconds (:60) are refused because Date.parse refuses them and every consumer will call it.

const SHAPE = /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:[Zz]|[+-]\d\d:?\d\d)$/;
const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + (text.charCodeAt(at + 1) - 48);
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function isIsoDateTimeWithZone(text: string): boolean {
  if (!SHAPE.test(text)) return false;
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month]) return false;
  if (month === 2 && day === 29 && !isLeapYear(year)) return false;
  if (twoDigits(text, 11) > 23 || twoDigits(text, 14) > 59 || twoDigits(text, 17) > 59) return false;
  const last = text.length - 1;
  if (text[last] === 'Z' || text[last] === 'z') return true;
  const offsetHoursAt = text[last - 2] === ':' ? last - 4 : last - 3;
  return twoDigits(text, offsetHoursAt) <= 23 && twoDigits(text, last - 1) <= 59;
}

/** Unix seconds (fractions allowed) as an ISO 8601 UTC date-time; null when out of Date's range. */
export function unixSecondsToIso(seconds: number): string | null {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
