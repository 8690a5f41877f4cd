export {
  API_KEY_PREFIX,
  formatApiKeyToken,
  generateApiKeyToken,
  parseApiKeyToken,
} from './keys/api-key-token';
export type { ApiKeyToken } from './keys/api-key-token';
export { hashKeySecret, verifyKeySecret } from './keys/key-hash';
export type { KeyHash } from './keys/key-hash';
export { issueApiKey } from './keys/issue-api-key';
export { API_KEY_ROLES, ApiKeyStoreError, checkKeyNameAndRole } from './store/api-key-store';
export type { ApiKeyInfo, ApiKeyRole, ApiKeyStore, StoredApiKey } from './store/api-key-store';
export { apiKeysFileFromEnv, FileApiKeyStore, KEY_FILE_CHECK_INTERVAL_MS } from './store/file-api-key-store';
export type { FileApiKeyStoreOptions } from './store/file-api-key-store';
export { ApiKeyVerifier } from './verify/api-key-verifier';
export type { ApiKeyVerifierOptions, Authentication, AuthenticationFailure } from './verify/api-key-verifier';
export { TokenBucketLimiter } from './rate/token-bucket-limiter';
export type { RateDecision, RateLimit } from './rate/token-bucket-limiter';
export { authConfigFromEnv } from './nest/auth-config';
export type { AuthConfig } from './nest/auth-config';
export { AuthModule } from './nest/auth.module';
export { ApiKeyGuard } from './nest/api-key.guard';
export type { AuthenticatedRequest } from './nest/api-key.guard';
export { RequireRole } from './nest/require-role.decorator';
