import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

/** OpenAPI description of the api's one error body. */
export class ApiErrorDto {
  @ApiProperty({
    example: 'invalid_parameter',
    description:
      'invalid_parameter, bad_request, unauthorized, forbidden, not_found, rate_limited, auth_unavailable, internal, …',
  })
  error!: string;
  @ApiProperty({ example: 'min_size: must be a whole number from 1 to 10000000, got "x"' }) message!: string;
  @ApiPropertyOptional({
    example: 'min_size',
    description: 'The query, path or body parameter at fault (400)',
  })
  field?: string;
}

/** The answers every keyed route may give besides its own: documented once, applied per controller. */
export function ApiKeyedErrors(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiBearerAuth(),
    ApiResponse({ status: 400, type: ApiErrorDto, description: 'A parameter is invalid; `field` names it' }),
    ApiResponse({ status: 401, type: ApiErrorDto, description: 'No valid API key' }),
    ApiResponse({ status: 403, type: ApiErrorDto, description: 'The key has another role' }),
    ApiResponse({ status: 429, type: ApiErrorDto, description: 'The key is over its rate (Retry-After)' }),
  );
}

export function ApiNotFound(what: string): MethodDecorator {
  return ApiResponse({ status: 404, type: ApiErrorDto, description: `No such ${what}` });
}
