import { Controller, Get, Inject, Param, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@riptide/auth';
import {
  toClusterGexf,
  toClusterGraphml,
  toEdgesCsv,
  toGraphologyJson,
  toNodesCsv,
  trimToKCore,
} from '@riptide/coordination';
import {
  clusterGraphData,
  getCluster,
  listClusterEvidence,
  listClusters,
  type ClusterDetail,
  type EvidenceEdge,
  type Page,
  type ClusterSummary,
  type Store,
} from '@riptide/store';
import type { Response } from 'express';
import { NotFoundApiException } from '../http/api-error';
import { ApiKeyedErrors, ApiNotFound } from '../http/api-error.dto';
import { pathId } from '../http/query-reader';
import { STORE } from '../store.token';
import { ClusterDetailDto, readGetClusterQuery } from './dto/get-cluster.dto';
import {
  EvidencePageDto,
  GetClusterEvidenceQuery,
  readGetClusterEvidenceQuery,
} from './dto/get-cluster-evidence.dto';
import { GetClusterGraphQuery, readGetClusterGraphQuery } from './dto/get-cluster-graph.dto';
import { ClusterPageDto, GetClustersQuery, readGetClustersQuery } from './dto/get-clusters.dto';
import { ResponseCacheInterceptor } from '../cache/response-cache.interceptor';

/** Coordinated clusters: the list, one cluster, its evidence pairs and its account graph. */
@ApiTags('clusters')
@ApiKeyedErrors()
@Controller('v1/clusters')
@RequireRole('reader')
// Guards run first: a cached answer still needs a valid reader key within its rate.
@UseInterceptors(ResponseCacheInterceptor)
export class ClustersController {
  constructor(@Inject(STORE) private readonly store: Store) {}

  @Get()
  @ApiOperation({ summary: 'Clusters by their latest snapshot: filter, sort, page by cursor' })
  @ApiOkResponse({ type: ClusterPageDto })
  list(@Query() query: GetClustersQuery): Promise<Page<ClusterSummary>> {
    return listClusters(this.store.db, readGetClustersQuery(query as Record<string, unknown>));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One cluster: scores, members, history, the objects its members pushed, timeline',
  })
  @ApiOkResponse({ type: ClusterDetailDto })
  @ApiNotFound('cluster')
  async detail(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<ClusterDetail> {
    readGetClusterQuery(query);
    const cluster = await getCluster(this.store.db, pathId('id', id));
    if (!cluster) throw new NotFoundApiException('cluster', id);
    return cluster;
  }

  @Get(':id/evidence')
  @ApiOperation({
    summary: 'The pairs of posts linking its members (which object, which posts, Δt), in time order',
  })
  @ApiOkResponse({ type: EvidencePageDto })
  @ApiNotFound('cluster')
  async evidence(
    @Param('id') id: string,
    @Query() query: GetClusterEvidenceQuery,
  ): Promise<Page<EvidenceEdge>> {
    const page = await listClusterEvidence(
      this.store.db,
      pathId('id', id),
      readGetClusterEvidenceQuery(query as Record<string, unknown>),
    );
    if (!page) throw new NotFoundApiException('cluster', id);
    return page;
  }

  @Get(':id/graph')
  @ApiOperation({
    summary: 'Its account graph as graphology JSON, GraphML, GEXF or CSV',
    description:
      'Nodes are members (degree, strength, cluster_id); edges are member pairs with evidence (weight = evidence edges, signals, objects, delta_t_median_s). Above max_nodes the graph is trimmed to the largest k-core that fits and X-Riptide-Trimmed says so.',
  })
  @ApiProduces('application/json', 'application/graphml+xml', 'application/gexf+xml', 'text/csv')
  @ApiOkResponse({ description: 'The graph in the format asked' })
  @ApiNotFound('cluster')
  async graph(
    @Param('id') id: string,
    @Query() query: GetClusterGraphQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const request = readGetClusterGraphQuery(query as Record<string, unknown>);
    const whole = await clusterGraphData(this.store.db, pathId('id', id));
    if (!whole) throw new NotFoundApiException('cluster', id);
    const { graph, trimmed } = trimToKCore(whole, request.maxNodes);
    if (trimmed)
      response.setHeader('X-Riptide-Trimmed', `k=${trimmed.k}; nodes=${trimmed.kept}/${trimmed.total}`);
    if (request.format === 'json') return toGraphologyJson(graph);
    const file = `cluster-${id.replace(/[^A-Za-z0-9._-]/g, '_')}`;
    const [type, name, body] =
      request.format === 'graphml'
        ? ['application/graphml+xml', `${file}.graphml`, toClusterGraphml(graph)]
        : request.format === 'gexf'
          ? ['application/gexf+xml', `${file}.gexf`, toClusterGexf(graph)]
          : request.part === 'nodes'
            ? ['text/csv', `${file}-nodes.csv`, toNodesCsv(graph)]
            : ['text/csv', `${file}-edges.csv`, toEdgesCsv(graph)];
    response.setHeader('Content-Type', `${type}; charset=utf-8`);
    response.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    return body;
  }
}
