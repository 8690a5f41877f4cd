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

/** A shared link in canonical form and the site it belongs to. */
export interface CanonicalLink {
  readonly url: string;
  /**
   * For the co-domain signal: the host without a leading `www.`. Registrable-ish on purpose:
   * `news.example.co.uk` stays as it is, because telling a registrable domain from a subdomain needs
   * the public suffix list, which this library does not carry.
   */
  readonly domain: string;
}

/**
 * The canonical form of an http(s) link: tracking parameters (utm_*, fbclid, gclid, ...) removed, the
 * other parameters kept in their order, host lower-cased, default port, fragment and an empty `?`
 * dropped. Returns null for anything that is not an absolute http or https URL (a mailto:, a bare
 * word), since such a string names no page that others could share.
 */
export function normaliseUrl(raw: string): string | null {
  return canonicalLink(raw)?.url ?? null;
}

/**
 * normaliseUrl and the link's domain from one parse. The result is what URLSearchParams gives when it
 * deletes the tracking parameters and serialises the rest; the query is rewritten by hand when every
 * kept parameter is one that serialisation leaves as it is, because URLSearchParams costs several
 * microseconds a link and the scorer canonicalises every link of every post (the spec checks that both
 * ways agree).
 */
export function canonicalLink(raw: string): CanonicalLink | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // WHATWG URL already lower-cases the host and drops the scheme's default port.
  url.hash = '';
  const query = keptQuery(url.search.slice(1));
  if (query === undefined) deleteTrackingParameters(url);
  else if (query !== null) url.search = query;
  const host = url.hostname;
  return { url: url.toString(), domain: host.startsWith('www.') ? host.slice(4) : host };
}

/** Parameters that URLSearchParams serialises exactly as written (`name=value`, unreserved bytes only). */
const PLAIN_PARAMETER = /^[A-Za-z0-9*\-._]*(?:=[A-Za-z0-9*\-._]*)?$/;

/**
 * The query without its tracking parameters, as URLSearchParams would serialise it: '' for none left,
 * null when nothing is to be removed (the query stays as written), undefined when a parameter needs
 * URLSearchParams' decoding or encoding to be serialised or recognised.
 */
function keptQuery(query: string): string | null | undefined {
  if (query.length === 0) return '';
  const pieces = query.split('&');
  const kept: string[] = [];
  let removed = false;
  for (const piece of pieces) {
    if (piece.length === 0) continue;
    const separator = piece.indexOf('=');
    const name = separator < 0 ? piece : piece.slice(0, separator);
    // Percent-escapes could spell a tracking name; '+' (a space once decoded) cannot.
    if (name.includes('%')) return undefined;
    if (isTrackingParameter(name)) removed = true;
    else kept.push(piece);
  }
  if (kept.length === 0) return '';
  if (!removed) return null;
  if (!kept.every((piece) => PLAIN_PARAMETER.test(piece))) return undefined;
  return kept.map((piece) => (piece.includes('=') ? piece : `${piece}=`)).join('&');
}

function deleteTrackingParameters(url: URL): void {
  const names = [...new Set(url.searchParams.keys())];
  for (const name of names) {
    if (isTrackingParameter(name)) url.searchParams.delete(name);
  }
  if (url.searchParams.size === 0) url.search = '';
}
