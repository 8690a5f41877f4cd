import { Controller, Get, Inject, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@riptide/auth';
import { listTopics, topicOpinion, type Store, type TopicOpinion, type TopicSummary } from '@riptide/store';
import { NotFoundApiException } from '../http/api-error';
import { ApiKeyedErrors, ApiNotFound } from '../http/api-error.dto';
import { pathId } from '../http/query-reader';
import { STORE } from '../store.token';
import { GetTopicOpinionQuery, readGetTopicOpinionQuery, TopicOpinionDto } from './dto/get-topic-opinion.dto';
import { readGetTopicsQuery, TopicListDto } from './dto/get-topics.dto';
import { ResponseCacheInterceptor } from '../cache/response-cache.interceptor';

/** Configured topics and their opinion series. */
@ApiTags('opinion')
@ApiKeyedErrors()
@Controller('v1/topics')
@RequireRole('reader')
// Guards run first: a cached answer still needs a valid reader key within its rate.
@UseInterceptors(ResponseCacheInterceptor)
export class TopicsController {
  constructor(@Inject(STORE) private readonly store: Store) {}

  @Get()
  @ApiOperation({ summary: 'The configured topics, with how many estimates and shifts each has' })
  @ApiOkResponse({ type: TopicListDto })
  async list(@Query() query: Record<string, unknown>): Promise<{ data: TopicSummary[] }> {
    readGetTopicsQuery(query);
    return { data: await listTopics(this.store.db) };
  }

  @Get(':id/opinion')
  @ApiOperation({
    summary: 'Opinion series by group: raw, corrected and post-stratified shares with intervals, and shifts',
  })
  @ApiOkResponse({ type: TopicOpinionDto })
  @ApiNotFound('topic')
  async opinion(@Param('id') id: string, @Query() query: GetTopicOpinionQuery): Promise<TopicOpinion> {
    const opinion = await topicOpinion(
      this.store.db,
      pathId('id', id),
      readGetTopicOpinionQuery(query as Record<string, unknown>),
    );
    if (!opinion) throw new NotFoundApiException('topic', id);
    return opinion;
  }
}
