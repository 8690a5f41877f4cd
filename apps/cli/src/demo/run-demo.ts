import { apiKeysFileFromEnv, FileApiKeyStore, issueApiKey } from '@riptide/auth';
import { authorProfileCodec, clusterSnapshotCodec, postCodec } from '@riptide/contracts';
import {
  applyTopicCatalog,
  KafkaConnection,
  kafkaConnectionFromEnv,
  readLatestByKey,
  topicEndOffsets,
} from '@riptide/stream';
import { SingleBar } from 'cli-progress';
import { setTimeout as sleep } from 'node:timers/promises';
import { sampleValue } from '../bench/prometheus-text';
import { CliError } from '../cli-error';
import { LocalKafka } from '../kafka/local-kafka';
import { demoApiService, prepareDemoApi, summariseAnalystView } from './demo-api';
import { demoLiveSource } from './demo-live-source';
import { DEMO_OPINION, demoOpinionTraffic, summariseOpinion } from './demo-opinion';
import {
  COORDINATION_PORT,
  demoServices,
  RunningService,
  SCORER_PORT,
  startService,
  stopServices,
} from './demo-services';
import { demoTraffic } from './demo-traffic';

export interface DemoOptions {
  /** Leave the services running after the summary, until Ctrl-C. */
  readonly keep: boolean;
}

const WATCHED = [
  'posts.raw',
  'posts.scored',
  'stance.observations',
  'shares',
  'coordination.edges',
  'coordination.clusters',
  'opinion.estimates',
  'opinion.shifts',
] as const;
const SEND_BATCH = 1_000;

/**
 * The whole pipeline on one machine: a broker (the local one unless KAFKA_BROKERS is set), the topics
 * under a fresh prefix, ingest, scorer, coordination, opinion and the analyst api as separate processes,
 * an hour of simulated reposting with planted campaigns and three days of opinion with a planted shift
 * sent over HTTP, then what came out: counts per topic, the clusters found (checked against the planted
 * ground truth), the shift, and the same seen through the api, with the console's address and a key.
 */
export async function runDemo(options: DemoOptions, log: (line: string) => void): Promise<void> {
  if (!process.env.KAFKA_BROKERS) await new LocalKafka(undefined, log).start();
  const topicPrefix = `demo.${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}.`;
  process.env.RIPTIDE_TOPIC_PREFIX = topicPrefix;
  const connection = kafkaConnectionFromEnv('riptide-demo');
  await applyTopicCatalog(connection);
  log(`topics ready under the prefix ${topicPrefix}`);

  // The demo's own ingest key, in the key file its services read; revoked when the demo stops.
  process.env.RIPTIDE_API_KEYS_FILE = apiKeysFileFromEnv();
  const keys = new FileApiKeyStore(process.env.RIPTIDE_API_KEYS_FILE);
  const { key, token } = await issueApiKey(keys, topicPrefix.replace(/\.$/, ''), 'ingest');
  log(
    `API key ${key.id} "${key.name}" (role ingest) created for this run in ${process.env.RIPTIDE_API_KEYS_FILE}`,
  );

  const running: RunningService[] = [];
  let liveSource: { close(): Promise<void> } | undefined;
  const stop = async () => {
    await stopServices(running);
    await liveSource?.close();
    await keys.revoke(key.id);
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    const traffic = demoTraffic();
    const opinion = demoOpinionTraffic();
    const opinionSpanSeconds = DEMO_OPINION.days * 24 * 3600;
    for (const service of demoServices({
      latenessSeconds: traffic.spanSeconds,
      opinionLatenessSeconds: opinionSpanSeconds,
    }))
      running.push(await startService(service, log));
    const readerToken = await prepareDemoApi(`${topicPrefix.replace(/\.$/, '')}-analyst`, log);
    running.push(await startService(demoApiService(), log));
    log(
      `coordination lateness ${Math.ceil(traffic.spanSeconds)} s, opinion lateness ${opinionSpanSeconds} s: each simulated stream's event-time span, sent in seconds`,
    );
    // Demographics travel on the authors topic; the scorer joins them to posts once it holds the profiles.
    await sendThroughIngest(
      'authors',
      opinion.authors.map((author) => authorProfileCodec.encode(author).toString()),
      token,
      log,
    );
    await waitForAuthorProfiles(opinion.authors.length, log);
    const posts = [...traffic.posts, ...opinion.posts];
    await sendThroughIngest(
      'posts',
      posts.map((post) => postCodec.encode(post).toString()),
      token,
      log,
    );
    const counts = await waitUntilSettled(connection, posts.length, log);
    const activeClusters = await summarise(connection, counts, traffic.coordinated, log);
    await summariseOpinion(connection, opinion.truth, log);
    await summariseAnalystView(activeClusters, readerToken, log);
    // Last, so that its posts do not change the figures above: a live source into the same pipeline.
    liveSource = await demoLiveSource(connection, running, log);
    if (!options.keep)
      return log('the services stop now; `npm run demo -- --keep` leaves them and the console running');
    log('services keep running (the console above stays open); Ctrl-C stops them');
    await new Promise(() => undefined);
  } finally {
    await stop();
  }
}

async function sendThroughIngest(
  kind: 'posts' | 'authors',
  lines: string[],
  apiKey: string,
  log: (line: string) => void,
): Promise<void> {
  const bar = new SingleBar({ format: `ingest |{bar}| {value}/{total} ${kind}`, stream: process.stderr });
  bar.start(lines.length, 0);
  for (let start = 0; start < lines.length; start += SEND_BATCH) {
    const response = await fetch(`http://127.0.0.1:8081/v1/${kind}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/x-ndjson' },
      body: lines.slice(start, start + SEND_BATCH).join('\n'),
    });
    if (response.status !== 202)
      throw new CliError(`ingest answered ${response.status}: ${await response.text()}`);
    bar.update(Math.min(lines.length, start + SEND_BATCH));
  }
  bar.stop();
  log(`sent ${lines.length} ${kind} to POST /v1/${kind}`);
}

/** Waits (bounded) until the scorer's author table holds the profiles just sent. */
async function waitForAuthorProfiles(count: number, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const metrics = await (await fetch(`http://127.0.0.1:${SCORER_PORT}/metrics`)).text();
    const held = sampleValue(metrics, 'riptide_scorer_author_profiles');
    if (held >= count) return log(`the scorer holds ${held} author profiles`);
    if (Date.now() > deadline)
      throw new CliError(`the scorer held ${held} of ${count} author profiles after 60 s`);
    await sleep(500);
  }
}

type Counts = Record<(typeof WATCHED)[number], number>;

async function topicCounts(connection: KafkaConnection): Promise<Counts> {
  const counts = {} as Counts;
  for (const topic of WATCHED) {
    counts[topic] = [...(await topicEndOffsets(connection, topic)).values()].reduce(
      (sum, offset) => sum + Number(offset),
      0,
    );
  }
  return counts;
}

/** Waits until every post is scored and the edge and cluster topics stop growing (bounded). */
async function waitUntilSettled(
  connection: KafkaConnection,
  posts: number,
  log: (line: string) => void,
): Promise<Counts> {
  let previous = '';
  let quietSince = Date.now();
  const deadline = Date.now() + 300_000;
  for (;;) {
    const counts = await topicCounts(connection);
    const line = WATCHED.map((topic) => `${topic}=${counts[topic]}`).join('  ');
    if (line !== previous) {
      log(line);
      previous = line;
      quietSince = Date.now();
    }
    if (counts['posts.scored'] >= posts && Date.now() - quietSince > 8_000) return counts;
    if (Date.now() > deadline) throw new CliError(`the pipeline did not settle within 5 minutes (${line})`);
    await sleep(1_000);
  }
}

async function summarise(
  connection: KafkaConnection,
  counts: Counts,
  planted: ReadonlySet<string>,
  log: (line: string) => void,
): Promise<number> {
  const { latest } = await readLatestByKey(connection, 'coordination.clusters', clusterSnapshotCodec);
  const active = [...latest.values()]
    .filter((cluster) => cluster.status === 'active')
    .sort((a, b) => b.size - a.size);
  const flagged = new Set(active.flatMap((cluster) => cluster.members.map((member) => member.account_id)));
  const found = [...flagged].filter((account) => planted.has(account)).length;
  log('');
  log(`clusters: ${active.length} active`);
  for (const cluster of active.slice(0, 10)) {
    const members = cluster.members.map((member) => member.account_id);
    const plantedMembers = members.filter((account) => planted.has(account)).length;
    log(
      `  ${cluster.cluster_id}  size ${cluster.size}  density ${cluster.density.toFixed(2)}  median Δt ${cluster.delta_t.median_s}s  planted members ${plantedMembers}/${members.length}`,
    );
  }
  log(
    `flagged accounts: ${flagged.size}; planted: ${planted.size}; precision ${(found / Math.max(1, flagged.size)).toFixed(3)}, recall ${(found / Math.max(1, planted.size)).toFixed(3)}`,
  );
  const metrics = await (await fetch(`http://127.0.0.1:${COORDINATION_PORT}/metrics`)).text();
  // Shares the detector dropped never become edges: a lateness or cap too small for the stream shows here.
  log(
    `shares dropped by the detector: ${sampleValue(metrics, 'riptide_coordination_late_shares_total')} late, ${sampleValue(metrics, 'riptide_coordination_overflow_shares_total')} over the per-object cap`,
  );
  log(`topics: ${WATCHED.map((topic) => `${topic}=${counts[topic]}`).join(', ')}`);
  return active.length;
}
