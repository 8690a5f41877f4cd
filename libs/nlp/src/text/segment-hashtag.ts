/**
 * Splits a hashtag body into words so that `#NeverTrump` also counts as `never trump`. Only the
 * writer's own word boundaries are used (camel case, letter/digit changes, underscores): guessing
 * boundaries inside an all-lower-case tag needs a large word list and mostly adds noise on tweets.
 */
export function segmentHashtag(body: string): string[] {
  return body
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)|(\d)([A-Za-z])/g, (_m, a1, d1, d2, a2) => (a1 ? `${a1} ${d1}` : `${d2} ${a2}`))
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word.length > 0);
}
