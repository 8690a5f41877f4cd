import { Controller, Get, Inject, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@riptide/auth';
import { getAccount, type AccountDetail, type Store } from '@riptide/store';
import { NotFoundApiException } from '../http/api-error';
import { ApiKeyedErrors, ApiNotFound } from '../http/api-error.dto';
import { pathId } from '../http/query-reader';
import { STORE } from '../store.token';
import { AccountDto, readGetAccountQuery } from './dto/get-account.dto';
import { ResponseCacheInterceptor } from '../cache/response-cache.interceptor';

/** One account seen in the evidence or in a cluster. */
@ApiTags('accounts')
@ApiKeyedErrors()
@Controller('v1/accounts')
@RequireRole('reader')
// Guards run first: a cached answer still needs a valid reader key within its rate.
@UseInterceptors(ResponseCacheInterceptor)
export class AccountsController {
  constructor(@Inject(STORE) private readonly store: Store) {}

  @Get(':id')
  @ApiOperation({
    summary: 'An account: its clusters, its coordination score and the objects of its evidence',
  })
  @ApiOkResponse({ type: AccountDto })
  @ApiNotFound('account')
  async detail(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<AccountDetail> {
    readGetAccountQuery(query);
    const account = await getAccount(this.store.db, pathId('id', id));
    if (!account) throw new NotFoundApiException('account', id);
    return account;
  }
}
