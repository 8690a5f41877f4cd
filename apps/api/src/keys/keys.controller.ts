import {
  Body,
  Controller,
  Delete,
  Get,
  HttpException,
  HttpStatus,
  Inject,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyStoreError, issueApiKey, RequireRole, type ApiKeyInfo, type ApiKeyStore } from '@riptide/auth';
import { InvalidParameterException } from '../http/api-error';
import { ApiErrorDto, ApiKeyedErrors, ApiNotFound } from '../http/api-error.dto';
import { pathId, QueryReader } from '../http/query-reader';
import { API_KEY_STORE } from '../store.token';
import {
  CreateKeyBody,
  CreatedKeyDto,
  KeyListDto,
  readCreateKeyBody,
  RevokedKeyDto,
} from './dto/create-key.dto';

/** API keys, for admins: list, create (the token is shown once), revoke. Only hashes are stored. */
@ApiTags('keys')
@ApiKeyedErrors()
@Controller('v1/keys')
@RequireRole('admin')
export class KeysController {
  constructor(@Inject(API_KEY_STORE) private readonly keys: ApiKeyStore) {}

  @Get()
  @ApiOperation({ summary: 'Every key, revoked or not (never a secret)' })
  @ApiOkResponse({ type: KeyListDto })
  async list(@Query() query: Record<string, unknown>): Promise<{ data: ApiKeyInfo[] }> {
    new QueryReader(query, []);
    return { data: await this.keys.list() };
  }

  @Post()
  @ApiOperation({ summary: 'Creates a key; the answer holds its token, which is shown this once' })
  @ApiCreatedResponse({ type: CreatedKeyDto })
  @ApiResponse({ status: 409, type: ApiErrorDto, description: 'A valid key has this name' })
  async create(@Body() body: CreateKeyBody): Promise<{ key: ApiKeyInfo; token: string }> {
    const { name, role } = readCreateKeyBody(body);
    try {
      return await issueApiKey(this.keys, name, role);
    } catch (error) {
      if (!(error instanceof ApiKeyStoreError)) throw error;
      // The store's messages start with the field they are about ("name: …", "role: …").
      const field = /^(name|role):/.exec(error.message)?.[1] ?? 'name';
      if (/is taken/.test(error.message))
        throw new HttpException({ error: 'conflict', message: error.message, field }, HttpStatus.CONFLICT);
      throw new InvalidParameterException(field, error.message.replace(/^(name|role): /, ''));
    }
  }

  @Delete(':idOrName')
  @ApiOperation({ summary: 'Revokes the key with this id, or the valid key with this name' })
  @ApiOkResponse({ type: RevokedKeyDto })
  @ApiNotFound('key')
  async revoke(@Param('idOrName') idOrName: string): Promise<{ key: ApiKeyInfo }> {
    try {
      return { key: await this.keys.revoke(pathId('idOrName', idOrName)) };
    } catch (error) {
      if (error instanceof ApiKeyStoreError)
        throw new HttpException({ error: 'not_found', message: error.message }, HttpStatus.NOT_FOUND);
      throw error;
    }
  }
}
