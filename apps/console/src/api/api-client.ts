import { storedApiKey } from './api-key';
import type { ApiErrorBody } from './types';

/** A failed request, carrying the API's error body (`{error, message, field}`) when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | undefined | null>;

export function apiUrl(path: string, query: Query = {}): string {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
  return url.pathname + url.search;
}

async function request(path: string, query: Query): Promise<Response> {
  const key = storedApiKey();
  if (!key)
    throw new ApiError(401, { error: 'missing_key', message: 'Enter an API key with the reader role.' });
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), { headers: { Authorization: `Bearer ${key}` } });
  } catch (error) {
    throw new ApiError(0, {
      error: 'network',
      message: `The API did not answer (${error instanceof Error ? error.message : String(error)}).`,
    });
  }
  if (!response.ok) throw new ApiError(response.status, await errorBody(response));
  return response;
}

async function errorBody(response: Response): Promise<ApiErrorBody> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Partial<ApiErrorBody>;
    if (typeof body.error === 'string' && typeof body.message === 'string')
      return { error: body.error, message: body.message, field: body.field };
  } catch {
    // Not JSON (a proxy's page, say): fall through and show the status with the start of the text.
  }
  return { error: `http_${response.status}`, message: text.slice(0, 200) || response.statusText };
}

export async function getJson<T>(path: string, query: Query = {}): Promise<T> {
  return (await request(path, query)).json() as Promise<T>;
}

/** JSON plus one response header (the graph route reports server-side trimming in a header). */
export async function getJsonWithHeader<T>(
  path: string,
  query: Query,
  header: string,
): Promise<{ body: T; header: string | null }> {
  const response = await request(path, query);
  return { body: (await response.json()) as T, header: response.headers.get(header) };
}

/**
 * Saves a file from the API. A plain link cannot send the Authorization header, so the file is fetched
 * and handed to the browser as a Blob URL; the server's Content-Disposition name wins when present.
 */
export async function downloadFile(path: string, query: Query, fallbackName: string): Promise<void> {
  const response = await request(path, query);
  const blob = await response.blob();
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
