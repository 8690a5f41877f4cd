import { ApiKeyInfo, ApiKeyStore, checkKeyNameAndRole, keyInfo } from '../store/api-key-store';
import { formatApiKeyToken, generateApiKeyToken } from './api-key-token';
import { hashKeySecret } from './key-hash';

/**
 * Makes a new key and stores its hash; returns the key's text, which exists nowhere else afterwards
 * (the caller shows it once).
 */
export async function issueApiKey(
  store: ApiKeyStore,
  name: string,
  role: string,
): Promise<{ key: ApiKeyInfo; token: string }> {
  checkKeyNameAndRole(name, role);
  const token = generateApiKeyToken();
  const stored = {
    id: token.id,
    name,
    role,
    created_at: new Date().toISOString(),
    revoked_at: null,
    hash: await hashKeySecret(token.secret),
  };
  await store.add(stored);
  return { key: keyInfo(stored), token: formatApiKeyToken(token) };
}
