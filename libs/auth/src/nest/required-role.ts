/** Metadata key under which @RequireRole leaves the role for ApiKeyGuard. */
export const REQUIRED_ROLE = 'riptide:required-role';
