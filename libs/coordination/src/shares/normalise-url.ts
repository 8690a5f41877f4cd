/**
 * Canonical forms of shared links, so that two accounts sharing the same page count as sharing the
 * same object even when their links differ only in tracking parameters, letter case of the host, a
 * default port or a fragment (none of which change the page a reader lands on).
 */

/** Query parameters that only say who sent the reader (campaigns, click ids), never what they read. */
const TRACKING_PARAMETERS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  '_ga',
  '_gl',
  'ref_src',
]);

function isTrackingParameter(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMETERS.has(lower);
}

/**
 * The canonical form of an http(s) link: tracking parameters (utm_*, fbclid, gclid, ...) removed, the
 * other parameters kept in their order, host lower-cased, default port, fragment and an empty `?`
 * dropped. Returns null for anything that is not an absolute http or https URL (a mailto:, a bare
 * word), since such a string names no page that others could share.
 */
export function normaliseUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // WHATWG URL already lower-cases the host and drops the scheme's default port.
  url.hash = '';
  const names = [...new Set(url.searchParams.keys())];
  for (const name of names) {
    if (isTrackingParameter(name)) url.searchParams.delete(name);
  }
  if (url.searchParams.size === 0) url.search = '';
  return url.toString();
}

/**
 * The site a canonical URL belongs to, for the co-domain signal: its host without a leading `www.`.
 * Registrable-ish on purpose: `news.example.co.uk` stays as it is, because telling a registrable
 * domain from a subdomain needs the public suffix list, which this library does not carry.
 */
export function domainOf(canonicalUrl: string): string {
  const host = new URL(canonicalUrl).hostname;
  return host.startsWith('www.') ? host.slice(4) : host;
}
