import { randomBytes } from 'node:crypto';

/**
 * An API key as the client sees it: `rtk_<id>_<secret>`. The prefix makes a leaked key easy to spot (and
 * to scan for); the id is public and lets the server find the one stored hash to check in O(1); the
 * secret is 32 random bytes (base64url), shown once and never stored.
 */
export interface ApiKeyToken {
  readonly id: string;
  readonly secret: string;
}

export const API_KEY_PREFIX = 'rtk_';
const ID_BYTES = 8;
const SECRET_BYTES = 32;
const TOKEN = /^rtk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export function generateApiKeyToken(): ApiKeyToken {
  return {
    id: randomBytes(ID_BYTES).toString('hex'),
    secret: randomBytes(SECRET_BYTES).toString('base64url'),
  };
}

export function formatApiKeyToken(token: ApiKeyToken): string {
  return `${API_KEY_PREFIX}${token.id}_${token.secret}`;
}

/** The id and secret of a well-formed key, or undefined for anything else. */
export function parseApiKeyToken(text: string): ApiKeyToken | undefined {
  const match = TOKEN.exec(text);
  return match ? { id: match[1], secret: match[2] } : undefined;
}
