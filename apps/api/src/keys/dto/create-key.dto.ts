import { ApiProperty } from '@nestjs/swagger';
import { InvalidParameterException } from '../../http/api-error';

const ROLES = ['reader', 'ingest', 'admin'] as const;

/** POST /v1/keys: the body. */
export class CreateKeyBody {
  @ApiProperty({
    example: 'analyst-anna',
    description: "1-64 letters, digits, '.', '_' or '-'; unique among valid keys",
  })
  name!: string;
  @ApiProperty({
    enum: ROLES,
    description: 'reader reads the api; ingest writes posts; admin does everything',
  })
  role!: string;
}

/** What may be shown of a key: never its secret or hash. */
export class ApiKeyInfoDto {
  @ApiProperty({ description: '16 hex digits, the public part of the token' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revoked_at!: string | null;
}

/** POST /v1/keys: the answer, the only time the token is shown. */
export class CreatedKeyDto {
  @ApiProperty({ type: ApiKeyInfoDto }) key!: ApiKeyInfoDto;
  @ApiProperty({ description: 'rtk_<id>_<secret>: send as "Authorization: Bearer <token>"; shown once' })
  token!: string;
}

export class KeyListDto {
  @ApiProperty({ type: [ApiKeyInfoDto] }) data!: ApiKeyInfoDto[];
}

export class RevokedKeyDto {
  @ApiProperty({ type: ApiKeyInfoDto }) key!: ApiKeyInfoDto;
}

/** The body as sent, checked field by field; the name's and role's rules are the key store's (issueApiKey). */
export function readCreateKeyBody(body: unknown): { name: string; role: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidParameterException('body', 'must be a JSON object {"name": …, "role": …}');
  for (const field of Object.keys(body))
    if (field !== 'name' && field !== 'role')
      throw new InvalidParameterException(field, 'is not a field of a new key (it takes name, role)');
  const { name, role } = body as Record<string, unknown>;
  if (typeof name !== 'string') throw new InvalidParameterException('name', 'must be a string');
  if (typeof role !== 'string')
    throw new InvalidParameterException('role', `must be one of ${ROLES.join(', ')}`);
  return { name, role };
}
