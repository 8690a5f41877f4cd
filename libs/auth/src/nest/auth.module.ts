import { DynamicModule, Module } from '@nestjs/common';
import { TokenBucketLimiter } from '../rate/token-bucket-limiter';
import { ApiKeyVerifier } from '../verify/api-key-verifier';
import { ApiKeyGuard } from './api-key.guard';
import type { AuthConfig } from './auth-config';

/** Provides what @RequireRole needs: the key verifier over the configured store and the per-key rate limiter. */
@Module({})
export class AuthModule {
  static withConfig(config: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        {
          provide: ApiKeyVerifier,
          useValue: new ApiKeyVerifier(config.store, { cacheTtlMs: config.cacheTtlMs }),
        },
        { provide: TokenBucketLimiter, useValue: new TokenBucketLimiter(config.rateLimit) },
        ApiKeyGuard,
      ],
      exports: [ApiKeyVerifier, TokenBucketLimiter, ApiKeyGuard],
    };
  }
}
