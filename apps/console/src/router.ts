/** The console's pages, addressed by the URL fragment so that the api serves one static index.html. */
export type Route =
  | { page: 'clusters'; params: URLSearchParams }
  | { page: 'cluster'; clusterId: string; params: URLSearchParams }
  | { page: 'evidence'; clusterId: string; params: URLSearchParams }
  | { page: 'objects'; params: URLSearchParams }
  | { page: 'topics'; params: URLSearchParams }
  | { page: 'topic'; topicId: string; params: URLSearchParams };

export function parseRoute(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#/, '').split('?', 2);
  const params = new URLSearchParams(search);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'clusters' && parts[1] !== undefined) {
    if (parts[2] === 'evidence') return { page: 'evidence', clusterId: parts[1], params };
    return { page: 'cluster', clusterId: parts[1], params };
  }
  if (parts[0] === 'topics' && parts[1] !== undefined) return { page: 'topic', topicId: parts[1], params };
  if (parts[0] === 'topics') return { page: 'topics', params };
  if (parts[0] === 'objects') return { page: 'objects', params };
  return { page: 'clusters', params };
}

/** A fragment for a page: `href('clusters', id)` → `#/clusters/<id>`; empty parameters are left out. */
export function href(segments: string[], params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) query.set(name, value);
  const search = query.toString();
  return `#/${segments.map(encodeURIComponent).join('/')}${search ? `?${search}` : ''}`;
}

export function navigate(fragment: string): void {
  window.location.hash = fragment;
}
