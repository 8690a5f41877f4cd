import { Controller, Get, Inject, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@riptide/auth';
import { listObjects, type ObjectAmplification, type Page, type Store } from '@riptide/store';
import { ApiKeyedErrors } from '../http/api-error.dto';
import { STORE } from '../store.token';
import { GetObjectsQuery, ObjectPageDto, readGetObjectsQuery } from './dto/get-objects.dto';
import { ResponseCacheInterceptor } from '../cache/response-cache.interceptor';

/** What the clusters pushed: shared objects ranked by coordinated amplification. */
@ApiTags('objects')
@ApiKeyedErrors()
@Controller('v1/objects')
@RequireRole('reader')
// Guards run first: a cached answer still needs a valid reader key within its rate.
@UseInterceptors(ResponseCacheInterceptor)
export class ObjectsController {
  constructor(@Inject(STORE) private readonly store: Store) {}

  @Get()
  @ApiOperation({
    summary: 'Shared objects ranked by coordinated shares, then by the coordinated fraction of all shares',
  })
  @ApiOkResponse({ type: ObjectPageDto })
  list(@Query() query: GetObjectsQuery): Promise<Page<ObjectAmplification>> {
    return listObjects(this.store.db, readGetObjectsQuery(query as Record<string, unknown>));
  }
}
