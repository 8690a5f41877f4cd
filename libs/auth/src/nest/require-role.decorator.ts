import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import type { ApiKeyRole } from '../store/api-key-store';
import { ApiKeyGuard } from './api-key.guard';
import { REQUIRED_ROLE } from './required-role';

/**
 * The route (or every route of the controller) needs an API key of this role, or an admin key, sent as
 * `Authorization: Bearer <key>`; each key is rate-limited. The module must import AuthModule.
 */
export function RequireRole(role: ApiKeyRole): ClassDecorator & MethodDecorator {
  return applyDecorators(SetMetadata(REQUIRED_ROLE, role), UseGuards(ApiKeyGuard));
}
