import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@riptide/auth';
import { listObjects, type ObjectAmplification, type Page, type Store } from '@riptide/store';
import { ApiKeyedErrors } from '../http/api-error.dto';
import { STORE } from '../store.token';
import { GetObjectsQuery, ObjectPageDto, readGetObjectsQuery } from './dto/get-objects.dto';

/** What the clusters pushed: shared objects ranked by coordinated amplification. */
@ApiTags('objects')
@ApiKeyedErrors()
@Controller('v1/objects')
@RequireRole('reader')
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
