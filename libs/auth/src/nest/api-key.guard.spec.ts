import { ExecutionContext, HttpException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { formatApiKeyToken, generateApiKeyToken } from '../keys/api-key-token';
import { hashKeySecret } from '../keys/key-hash';
import { TokenBucketLimiter } from '../rate/token-bucket-limiter';
import type { ApiKeyRole, ApiKeyStore, StoredApiKey } from '../store/api-key-store';
import { ApiKeyVerifier } from '../verify/api-key-verifier';
import { ApiKeyGuard, AuthenticatedRequest } from './api-key.guard';
import { RequireRole } from './require-role.decorator';

class Routes {
  @RequireRole('ingest')
  write(): void {}

  open(): void {}
}

/** One key per role in an in-memory store; the guard over it with a limit of 2 requests at once. */
async function setUp(failingStore = false) {
  const keys = new Map<string, StoredApiKey>();
  const headers = {} as Record<ApiKeyRole, string>;
  for (const role of ['ingest', 'reader', 'admin'] as const) {
    const token = generateApiKeyToken();
    keys.set(token.id, {
      id: token.id,
      name: `${role}-key`,
      role,
      created_at: '2026-12-01T00:00:00.000Z',
      revoked_at: null,
      hash: await hashKeySecret(token.secret, { N: 1024, r: 8, p: 1 }),
    });
    headers[role] = `Bearer ${formatApiKeyToken(token)}`;
  }
  const store = {
    find: async (id: string) => {
      if (failingStore) throw new Error('/secret/path/api-keys.json: EACCES');
      return keys.get(id);
    },
  } as ApiKeyStore;
  const guard = new ApiKeyGuard(
    new Reflector(),
    new ApiKeyVerifier(store),
    new TokenBucketLimiter({ ratePerSecond: 1, burst: 2 }),
  );
  return { guard, headers };
}

/** Runs the guard on a route of Routes; returns what it did to the request and response. */
async function run(guard: ApiKeyGuard, route: 'write' | 'open', authorization?: string) {
  const request = { headers: { authorization }, path: `/${route}` } as AuthenticatedRequest;
  const responseHeaders: Record<string, string> = {};
  const context = {
    getHandler: () => Routes.prototype[route],
    getClass: () => Routes,
    switchToHttp: () => ({
      getRequest: () => request,
      getResponse: () => ({ setHeader: (name: string, value: string) => (responseHeaders[name] = value) }),
    }),
  } as unknown as ExecutionContext;
  try {
    return { allowed: await guard.canActivate(context), request, responseHeaders };
  } catch (error) {
    if (!(error instanceof HttpException)) throw error;
    return {
      status: error.getStatus(),
      body: error.getResponse() as Record<string, unknown>,
      responseHeaders,
    };
  }
}

describe('ApiKeyGuard with @RequireRole', () => {
  it('lets a key of the route role through and hands the key record to the handler', async () => {
    const { guard, headers } = await setUp();
    const outcome = await run(guard, 'write', headers.ingest);
    expect(outcome.allowed).toBe(true);
    expect(outcome.request?.apiKey).toMatchObject({ name: 'ingest-key', role: 'ingest' });
  });

  it('lets an admin key do everything', async () => {
    const { guard, headers } = await setUp();
    expect((await run(guard, 'write', headers.admin)).allowed).toBe(true);
  });

  it('answers 401 with WWW-Authenticate without a key or with an unknown one', async () => {
    const { guard } = await setUp();
    const missing = await run(guard, 'write');
    expect(missing).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    expect(missing.body?.message).toMatch(/Authorization: Bearer/);
    expect(missing.responseHeaders['WWW-Authenticate']).toBe('Bearer realm="riptide"');
    const unknown = await run(guard, 'write', `Bearer rtk_0123456789abcdef_${'a'.repeat(43)}`);
    expect(unknown).toMatchObject({ status: 401, body: { message: 'the API key is not recognised' } });
  });

  it('answers 403 to a key of another role, naming both roles', async () => {
    const { guard, headers } = await setUp();
    const outcome = await run(guard, 'write', headers.reader);
    expect(outcome).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(outcome.body?.message).toMatch(/has the role reader; this needs ingest \(or admin\)/);
  });

  it('answers 429 with Retry-After once the key is over its rate, per key', async () => {
    const { guard, headers } = await setUp();
    await run(guard, 'write', headers.ingest);
    await run(guard, 'write', headers.ingest);
    const limited = await run(guard, 'write', headers.ingest);
    expect(limited).toMatchObject({ status: 429, body: { error: 'rate_limited', retry_after_s: 1 } });
    expect(limited.responseHeaders['Retry-After']).toBe('1');
    expect((await run(guard, 'write', headers.admin)).allowed).toBe(true);
  });

  it('leaves routes without @RequireRole open', async () => {
    const { guard } = await setUp();
    expect((await run(guard, 'open')).allowed).toBe(true);
  });

  it('answers 503 without the store error text when the store cannot be read', async () => {
    const { guard, headers } = await setUp(true);
    const outcome = await run(guard, 'write', headers.ingest);
    expect(outcome).toMatchObject({ status: 503, body: { error: 'auth_unavailable' } });
    expect(JSON.stringify(outcome.body)).not.toContain('/secret/path');
  });
});
