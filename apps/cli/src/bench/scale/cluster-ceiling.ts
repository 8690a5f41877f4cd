import { coordinationEdgeCodec } from '@riptide/contracts';
import { coordinationEdgeOf } from '@riptide/coordination';
import {
  createBenchTopics,
  createProducerSink,
  deleteBenchTopics,
  physicalTopic,
  type KafkaConnection,
} from '@riptide/stream';
import { familySum, sampleValue } from '../prometheus-text';
import { roundTo } from '../round-to';
import { startServiceUnderBench, type ServiceUnderBench } from '../service-under-bench';
import { libraryDetector } from './detect-edges';
import type { ShareStream } from '../russian-shares';
import { scaleConnection, type ScaleContext } from './scale-context';

const FILL_CHUNK = 5_000;
/** Edges per --messages: the role folds an edge in about 20 µs, so three give a window of about 10 s. */
const EDGES_PER_MESSAGE = 3;
/**
 * Event time the backlog's edges advance by: the CooRTweet sample spans 225 days for 6,281 edges, so
 * replayed as is, its event time would trigger a snapshot every minute of it (every few hundred edges)
 * and decay would prune nearly the whole graph between edges. A live stream near the ceiling holds
 * thousands of edges per second: re-timed to 1,000 per second, snapshots follow the edge count
 * (every 5,000) and the graph keeps what the decay horizon holds, as they would live.
 */
const EDGES_PER_EVENT_SECOND = 1_000;
/** The detect role's key for every edge: `coordination.edges` has one partition by design. */
const EDGE_KEY = 'coordination';

export interface ClusterCeiling {
  readonly per_s: number;
  readonly edges: number;
  readonly measured_edges: number;
  readonly seconds: number;
  readonly cpu_seconds: number;
  readonly per_cpu_second: number;
  readonly cpu_cores: number;
  readonly peak_rss_mib: number;
  readonly snapshots: number;
  readonly graph_nodes: number;
  readonly partitions: 1;
}

/**
 * The cluster role's ceiling: it folds `coordination.edges`, one partition by design (one active
 * builder), so one instance is all there is. It joins on the empty topic and is frozen (SIGSTOP) while a
 * backlog of three edges per `--messages`, as the detect role writes them for the CooRTweet russian stream, is
 * produced; thawed, it folds them with its default snapshot cadence, timed from its first consumed chunk
 * to the last.
 */
export async function measureClusterCeiling(
  stream: ShareStream,
  context: ScaleContext,
): Promise<ClusterCeiling> {
  const connection = scaleConnection(context, 'coordination-cluster');
  const edges = context.messages * EDGES_PER_MESSAGE;
  const topics = ['coordination.edges', 'coordination.clusters'];
  await createBenchTopics(connection, topics, 1);
  let service: ServiceUnderBench | undefined;
  try {
    service = await startServiceUnderBench({
      name: 'the cluster role',
      entry: 'apps/coordination/src/main.ts',
      kafka: connection,
      env: { COORDINATION_ROLE: 'cluster', COORDINATION_HTTP_PORT: '0' },
      running: /"msg":"coordination running"/,
    });
    // Running means joined: frozen while the backlog is produced, it starts on all of it at once.
    service.freeze();
    context.progress(`coordination-cluster: frozen; filling ${edges} edges`);
    await fillEdges(connection, stream, edges);
    service.thaw();
    const consumed = `riptide_stream_consumed_messages_total{topic="${physicalTopic(connection, 'coordination.edges')}"}`;
    const run = await service.followUntil(consumed, edges);
    const result: ClusterCeiling = {
      per_s: Math.round(run.measured / run.seconds),
      edges,
      measured_edges: run.measured,
      seconds: roundTo(run.seconds, 3),
      cpu_seconds: roundTo(run.cpuSeconds, 2),
      per_cpu_second: Math.round(run.measured / run.cpuSeconds),
      cpu_cores: roundTo(run.cpuSeconds / run.seconds, 2),
      peak_rss_mib: Math.round(service.usage().peakRssBytes / 2 ** 20),
      snapshots: familySum(run.metrics, 'riptide_coordination_snapshots_total'),
      graph_nodes: sampleValue(run.metrics, 'riptide_coordination_graph_nodes'),
      partitions: 1,
    };
    context.progress(
      `coordination-cluster: ${result.per_s} edges/s, ${result.per_cpu_second} per CPU-second`,
    );
    return result;
  } finally {
    await service?.stop();
    await deleteBenchTopics(connection, topics).catch(() => undefined);
  }
}

/**
 * The first `count` edges the library finds in the stream, written as the detect role writes them,
 * re-timed to EDGES_PER_EVENT_SECOND.
 */
async function fillEdges(connection: KafkaConnection, stream: ShareStream, count: number): Promise<void> {
  const detect = libraryDetector();
  const detectedAt = new Date().toISOString();
  const startTime = Date.parse(stream(0).shared_at) / 1000;
  const sink = createProducerSink(connection);
  await sink.connect();
  try {
    let written = 0;
    let chunk = [];
    for (let index = 0; written < count; index++) {
      for (const edge of detect(stream(index))) {
        if (written + chunk.length >= count) break;
        chunk.push({
          topic: 'coordination.edges',
          key: EDGE_KEY,
          value: coordinationEdgeCodec.encode(
            coordinationEdgeOf(
              edge,
              detectedAt,
              startTime + (written + chunk.length) / EDGES_PER_EVENT_SECOND,
            ),
          ),
        });
      }
      if (chunk.length >= FILL_CHUNK || written + chunk.length >= count) {
        await sink.send(chunk);
        written += chunk.length;
        chunk = [];
      }
    }
  } finally {
    await sink.disconnect();
  }
}
