import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { createLogger } from '@riptide/observability';
import { QueryParameterError } from '@riptide/store';
import type { Request, Response } from 'express';
import type { ApiErrorBody } from './api-error';

const log = createLogger('api');

/** The code of an HttpException that carries none of ours (Nest's own 404 for an unknown route, a body parser's 400). */
const CODES: Partial<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: 'bad_request',
  [HttpStatus.UNAUTHORIZED]: 'unauthorized',
  [HttpStatus.FORBIDDEN]: 'forbidden',
  [HttpStatus.NOT_FOUND]: 'not_found',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'method_not_allowed',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'payload_too_large',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'unsupported_media_type',
  [HttpStatus.TOO_MANY_REQUESTS]: 'rate_limited',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'unavailable',
};

/**
 * Gives every error of the api one body shape, `{error, message, field?}`: the guard's 401/403/429/503
 * and our 400/404 already have it and pass unchanged (with extras such as retry_after_s); Nest's and
 * Express's own (unknown route, unparsable JSON) are rewritten; anything else is a 500 whose details
 * go to the log, not to the caller.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const [status, body] = this.describe(exception, request);
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(status).json(body);
  }

  private describe(exception: unknown, request: Request): [number, ApiErrorBody] {
    if (exception instanceof QueryParameterError)
      return [
        HttpStatus.BAD_REQUEST,
        {
          error: 'invalid_parameter',
          message: `${exception.field}: ${exception.message}`,
          field: exception.field,
        },
      ];
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      if (isApiErrorBody(payload)) return [status, payload];
      if (status === HttpStatus.NOT_FOUND)
        return [status, { error: 'not_found', message: `no route ${request.method} ${request.path}` }];
      const message = typeof payload === 'string' ? payload : exception.message;
      // Without a validation pipe, Nest's only own 400 is a body the JSON parser refused.
      if (status === HttpStatus.BAD_REQUEST)
        return [
          status,
          { error: 'invalid_parameter', message: `body: not valid JSON (${message})`, field: 'body' },
        ];
      return [status, { error: CODES[status] ?? (status >= 500 ? 'internal' : 'bad_request'), message }];
    }
    // Express middleware errors (the JSON body parser) carry their status and are the caller's fault.
    const status = (exception as { status?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return status === HttpStatus.BAD_REQUEST
        ? [
            status,
            { error: 'invalid_parameter', message: `body: ${(exception as Error).message}`, field: 'body' },
          ]
        : [status, { error: CODES[status] ?? 'bad_request', message: (exception as Error).message }];
    log.error(
      { error: (exception as Error)?.message, stack: (exception as Error)?.stack, path: request.path },
      'request failed',
    );
    return [
      HttpStatus.INTERNAL_SERVER_ERROR,
      { error: 'internal', message: 'the request failed; see the api log' },
    ];
  }
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiErrorBody).error === 'string' &&
    typeof (value as ApiErrorBody).message === 'string' &&
    !('statusCode' in value)
  );
}
