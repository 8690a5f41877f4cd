import { HttpException, HttpStatus } from '@nestjs/common';

/** The one error body of the api, whatever failed: a code to branch on, a sentence to show, the field at fault. */
export interface ApiErrorBody {
  error: string;
  message: string;
  field?: string;
}

/** 400 for a query, path or body parameter the caller got wrong, naming it. */
export class InvalidParameterException extends HttpException {
  constructor(field: string, message: string) {
    super(
      { error: 'invalid_parameter', message: `${field}: ${message}`, field } satisfies ApiErrorBody,
      HttpStatus.BAD_REQUEST,
    );
  }
}

/** 404 for an id the store does not have. */
export class NotFoundApiException extends HttpException {
  constructor(what: string, id: string) {
    super({ error: 'not_found', message: `no ${what} "${id}"` } satisfies ApiErrorBody, HttpStatus.NOT_FOUND);
  }
}
