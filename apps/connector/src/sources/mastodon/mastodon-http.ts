import type { Secret } from '@riptide/stream';
import { retryAfterMs } from './retry-after';

/** A non-2xx answer from the instance: the source reconnects (cause `refused`) and shows `problem`. */
export class MastodonRefusal extends Error {
  constructor(
    readonly status: number,
    /** The wait a 429 asked for, when it said. */
    readonly retryAfterMs: number | null,
    /** A sentence for status(): what failed and what to do; never the token. */
    readonly problem: string,
  ) {
    super(problem);
    this.name = 'MastodonRefusal';
  }
}

const MAX_QUOTED_ERROR = 200;

/** GET requests to one instance, with the access token when configured. */
export class MastodonHttp {
  constructor(private readonly accessToken: Secret | null) {}

  /** The response when 2xx (its body unread); a MastodonRefusal otherwise. */
  async get(url: string, signal: AbortSignal, accept = 'application/json'): Promise<Response> {
    const headers: Record<string, string> = { accept };
    if (this.accessToken) headers.authorization = `Bearer ${this.accessToken.reveal()}`;
    const response = await fetch(url, { headers, signal });
    if (response.ok) return response;
    throw new MastodonRefusal(
      response.status,
      response.status === 429 ? retryAfterMs(response.headers, Date.now()) : null,
      this.describe(url, response.status, await serverError(response)),
    );
  }

  async getJson(url: string, signal: AbortSignal): Promise<{ value: unknown; bytes: number }> {
    const response = await this.get(url, signal);
    const text = await response.text();
    try {
      return { value: JSON.parse(text), bytes: Buffer.byteLength(text) };
    } catch (error) {
      throw new Error(`GET ${url}: the answer is not JSON (${(error as Error).message})`, { cause: error });
    }
  }

  private describe(url: string, status: number, serverSays: string): string {
    const answer = `GET ${url} answered HTTP ${status}${serverSays}`;
    if (status !== 401 && status !== 403) return answer;
    return this.accessToken
      ? `${answer}: the instance refused the access token in MASTODON_ACCESS_TOKEN; check that it is valid and has the read:statuses scope`
      : `${answer}: this instance requires an access token; set MASTODON_ACCESS_TOKEN (or MASTODON_ACCESS_TOKEN_FILE) to one with the read:statuses scope`;
  }
}

/** Mastodon's `{ "error": "…" }` body, shortened, as ` ("…")`; empty when there is none. */
async function serverError(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const error = (JSON.parse(text) as { error?: unknown }).error;
    if (typeof error === 'string' && error !== '')
      return ` (${JSON.stringify(error.slice(0, MAX_QUOTED_ERROR))})`;
  } catch {
    // Not JSON (a proxy's HTML page): the status says enough.
  }
  return '';
}
