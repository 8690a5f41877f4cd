import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { counter } from '@riptide/observability';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { map, of, type Observable } from 'rxjs';
import { ResponseCache } from './response-cache';
import { StoreVersion } from './store-version';

/** Headers a route sets to describe its body (the graph exports): kept with the body. */
const DESCRIBING_HEADERS = ['content-type', 'content-disposition', 'x-riptide-trimmed', 'etag'];
const JSON_TYPE = 'application/json; charset=utf-8';

const cacheRequests = counter(
  'riptide_api_response_cache_requests_total',
  'Reads answered from the response cache (hit) or from the store (miss), with the store unchanged since a hit was stored',
  ['outcome'],
);

/**
 * Reuses the answer to a GET of the same URL while the store has not changed (StoreVersion). It runs
 * after the guards, so every request is still authenticated, authorised and rate-limited; errors are
 * never stored. The body is serialised here once, and a hit writes those bytes again.
 */
@Injectable()
export class ResponseCacheInterceptor implements NestInterceptor {
  constructor(
    @Inject(ResponseCache) private readonly cache: ResponseCache,
    @Inject(StoreVersion) private readonly version: StoreVersion,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    if (request.method !== 'GET' || !this.cache.enabled) return next.handle();
    const url = request.originalUrl;
    const version = this.version.current;
    const hit = this.cache.get(url, version);
    if (hit !== undefined) {
      cacheRequests.inc({ outcome: 'hit' });
      for (const [name, value] of hit.headers) response.setHeader(name, value);
      return of(hit.body);
    }
    cacheRequests.inc({ outcome: 'miss' });
    return next.handle().pipe(
      map((value: unknown) => {
        if (typeof value !== 'string') response.setHeader('Content-Type', JSON_TYPE);
        const body = typeof value === 'string' ? value : JSON.stringify(value);
        // Set here, Express neither hashes the body again on every hit nor loses If-None-Match (304).
        response.setHeader('ETag', `"${createHash('sha1').update(body).digest('base64url')}"`);
        const headers = DESCRIBING_HEADERS.flatMap((name) => {
          const header = response.getHeader(name);
          return header === undefined ? [] : [[name, String(header)] as const];
        });
        this.cache.set(url, version, { body, headers });
        return body;
      }),
    );
  }
}
