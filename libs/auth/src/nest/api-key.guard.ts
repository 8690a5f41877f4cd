import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createLogger } from '@riptide/observability';
import type { Request, Response } from 'express';
import { TokenBucketLimiter } from '../rate/token-bucket-limiter';
import type { ApiKeyInfo, ApiKeyRole } from '../store/api-key-store';
import { ApiKeyVerifier, AuthenticationFailure } from '../verify/api-key-verifier';
import { REQUIRED_ROLE } from './required-role';

const log = createLogger('auth');

const FAILURE_MESSAGES: Record<Exclude<AuthenticationFailure, 'busy'>, string> = {
  missing: 'send an API key as "Authorization: Bearer <key>" (riptide apikey create)',
  malformed: 'the Authorization header is not "Bearer rtk_<id>_<secret>"',
  unknown: 'the API key is not recognised',
  wrong_secret: 'the API key is not recognised',
  revoked: 'the API key was revoked',
};

/** A request that passed the guard carries its key's public record (never the secret). */
export interface AuthenticatedRequest extends Request {
  apiKey?: ApiKeyInfo;
}

/**
 * Lets a request through when it carries a valid key whose role is the route's (or admin), and the
 * key's rate limit allows it: 401 without a valid key, 403 for a key of another role, 429 with
 * Retry-After when the key exceeds its rate, 503 when the key store cannot be read. Routes without
 * @RequireRole are not guarded. Nothing here logs a key or a header: only key ids and reasons.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: ApiKeyVerifier,
    private readonly limiter: TokenBucketLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.reflector.getAllAndOverride<ApiKeyRole | undefined>(REQUIRED_ROLE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();

    const authentication = await this.verifier
      .authenticate(request.headers.authorization)
      .catch((error: Error) => {
        log.error({ error: error.message }, 'the API key store cannot be read');
        throw new ServiceUnavailableException({
          error: 'auth_unavailable',
          message: 'API keys cannot be checked right now; try again later',
        });
      });
    if (!authentication.ok) {
      if (authentication.failure === 'busy') {
        response.setHeader('Retry-After', '1');
        throw new ServiceUnavailableException({
          error: 'auth_busy',
          message: 'too many key checks at once; retry shortly',
        });
      }
      log.debug({ failure: authentication.failure, path: request.path }, 'request refused: no valid API key');
      response.setHeader('WWW-Authenticate', 'Bearer realm="riptide"');
      throw new UnauthorizedException({
        error: 'unauthorized',
        message: FAILURE_MESSAGES[authentication.failure],
      });
    }

    const key = authentication.key;
    if (key.role !== required && key.role !== 'admin')
      throw new ForbiddenException({
        error: 'forbidden',
        message: `the key "${key.name}" has the role ${key.role}; this needs ${required} (or admin)`,
      });

    const decision = this.limiter.take(key.id);
    if (!decision.allowed) {
      response.setHeader('Retry-After', String(decision.retryAfterS));
      throw new HttpException(
        {
          error: 'rate_limited',
          message: `the key "${key.name}" is over its rate of ${this.limiter.limit.ratePerSecond} requests/s (burst ${this.limiter.limit.burst})`,
          retry_after_s: decision.retryAfterS,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    request.apiKey = key;
    return true;
  }
}
