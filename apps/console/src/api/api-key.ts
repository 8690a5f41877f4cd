const STORAGE_KEY = 'riptide.apiKey';

/**
 * Takes a key handed over as `#key=<token>` (what `npm run demo` prints), keeps it in sessionStorage and
 * removes it from the address bar, so that it does not stay in the history or get copied with the URL.
 * A fragment never reaches the server, unlike a query parameter. A route may follow the key
 * (`#key=…&/clusters/x`); without one the cluster list opens.
 */
export function adoptKeyFromFragment(): void {
  const match = /^#key=([^&]*)(?:&(.*))?$/.exec(window.location.hash);
  if (!match) return;
  const token = decodeURIComponent(match[1]);
  if (token) storeApiKey(token);
  const rest = match[2] ? `#${match[2]}` : '#/clusters';
  history.replaceState(null, '', `${window.location.pathname}${window.location.search}${rest}`);
}

export function storedApiKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function storeApiKey(token: string): void {
  sessionStorage.setItem(STORAGE_KEY, token.trim());
}

export function forgetApiKey(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
