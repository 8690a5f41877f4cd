import { Controller, Get, Inject, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@riptide/auth';
import { listShifts, type Page, type Shift, type Store } from '@riptide/store';
import { ApiKeyedErrors } from '../http/api-error.dto';
import { STORE } from '../store.token';
import { GetShiftsQuery, readGetShiftsQuery, ShiftPageDto } from './dto/get-shifts.dto';
import { ResponseCacheInterceptor } from '../cache/response-cache.interceptor';

/** Opinion shifts detected by the opinion service. */
@ApiTags('opinion')
@ApiKeyedErrors()
@Controller('v1/shifts')
@RequireRole('reader')
// Guards run first: a cached answer still needs a valid reader key within its rate.
@UseInterceptors(ResponseCacheInterceptor)
export class ShiftsController {
  constructor(@Inject(STORE) private readonly store: Store) {}

  @Get()
  @ApiOperation({
    summary: 'Opinion shifts, the latest detected first: filter by topic, detector, group, time',
  })
  @ApiOkResponse({ type: ShiftPageDto })
  list(@Query() query: GetShiftsQuery): Promise<Page<Shift>> {
    return listShifts(this.store.db, readGetShiftsQuery(query as Record<string, unknown>));
  }
}
