/** The injection token of the analyst Store the api reads (opened and migrated by startApi). */
export const STORE = Symbol('Store');
/** The injection token of the ApiKeyStore behind /v1/keys (the same one the auth guard reads). */
export const API_KEY_STORE = Symbol('ApiKeyStore');
