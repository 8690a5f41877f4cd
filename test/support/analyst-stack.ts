import { issueApiKey } from '@riptide/auth';
import { simulateCampaigns } from '@riptide/coordination';
import {
  shareEventCodec,
  stanceObservationCodec,
  STANCE_LABELS,
  type ShareEvent,
  type StanceObservation,
} from '@riptide/contracts';
import { parsePopulationMargins, simulateOpinionStream } from '@riptide/opinion';
import { readFileSync } from 'node:fs';
import { DatabaseApiKeyStore, PGLITE_MEMORY, type Store } from '@riptide/store';
import { apiConfigFromEnv } from '../../apps/api/src/api-config';
import { startApi, type ApiService } from '../../apps/api/src/main';
import { coordinationConfigFromEnv } from '../../apps/coordination/src/coordination-config';
import { startCoordination, type CoordinationService } from '../../apps/coordination/src/main';
import { startOpinion, type OpinionService } from '../../apps/opinion/src/main';
import { opinionConfigFromEnv } from '../../apps/opinion/src/opinion-config';
import { waitFor } from './coordination-service';
import { isolatedKafka, writeRaw } from './kafka-test-env';

/**
 * The analyst's whole read path in one process, on the real broker: the coordination service (both
 * roles) fed a simulated share stream with planted campaigns, the opinion service fed simulated stance
 * observations with a planted shift, and the api materialising their topics into a fresh store and
 * serving it. Used by the api end-to-end tests, the console's Chromium test and the bench.
 */
export interface AnalystStack {
  readonly apiUrl: string;
  readonly readerToken: string;
  readonly adminToken: string;
  readonly ingestToken: string;
  readonly planted: {
    /** Each campaign's accounts, sorted. */
    readonly campaigns: { readonly accounts: string[] }[];
    readonly shift: {
      readonly topicId: string;
      readonly dimension: string;
      readonly value: string;
      readonly label: string;
    };
  };
  /** The api's store (read it to check what the api shows, or seed extra rows). */
  readonly store: Store;
  /** The Kafka topic prefix and brokers of this stack, to produce more upstream messages. */
  readonly kafka: Awaited<ReturnType<typeof isolatedKafka>>['connection'];
  close(): Promise<void>;
}

export interface AnalystStackOptions {
  /** postgres://… ; unset: PGlite in memory. */
  readonly databaseUrl?: string;
  /** The console build the api serves under /console/ (default: API_CONSOLE_DIR's default, dist/console). */
  readonly consoleDir?: string;
  /** How long to wait for the planted clusters and shift to reach the store (default 180 s). */
  readonly settleTimeoutMs?: number;
}

/** Event time zero of the simulated share stream (a past day, so every window has closed). */
const SHARES_START_MS = Date.UTC(2026, 10, 1);
/** The opinion stream: one-minute buckets, 48 before the shift and 24 after, ending well in the past. */
const OPINION_BUCKET_MS = 60_000;
const OPINION_BUCKETS = 72;
const SHIFT_BUCKET = 48;
const PLANTED_SHIFT = {
  topicId: 'feminist',
  dimension: 'age_group',
  value: '45-64',
  label: 'favor',
} as const;
const stream = { sessionTimeoutMs: 10_000, retryInitialMs: 20, retryMaxMs: 200 };

export async function startAnalystStack(options: AnalystStackOptions = {}): Promise<AnalystStack> {
  const kafka = await isolatedKafka('analyst');
  const env = {
    KAFKA_BROKERS: kafka.connection.brokers.join(','),
    RIPTIDE_TOPIC_PREFIX: kafka.connection.topicPrefix,
  };
  const started: { close(): Promise<void> }[] = [];
  const close = async () => {
    for (const service of started.reverse()) await service.close().catch(() => undefined);
    await kafka.cleanup().catch(() => undefined);
  };
  try {
    const coordinationDefaults = coordinationConfigFromEnv(env);
    const coordination: CoordinationService = await startCoordination(
      {
        ...coordinationDefaults,
        role: 'both',
        httpPort: 0,
        // A week's half-life keeps the simulated hours at full weight; a snapshot after every batch.
        cluster: {
          ...coordinationDefaults.cluster,
          halfLifeSeconds: 7 * 24 * 3600,
          snapshotIntervalSeconds: 0,
        },
      },
      stream,
    );
    started.push(coordination);
    const opinion: OpinionService = await startOpinion(
      opinionConfigFromEnv({
        ...env,
        OPINION_HTTP_PORT: '0',
        RIPTIDE_OPINION_BUCKET_WIDTH_MS: String(OPINION_BUCKET_MS),
        OPINION_LATENESS_S: '5',
        OPINION_QUIET_CLOSE_S: '1',
      }),
      stream,
    );
    started.push(opinion);
    const api: ApiService = await startApi(
      apiConfigFromEnv({
        ...env,
        API_HTTP_PORT: '0',
        ...(options.databaseUrl
          ? { DATABASE_URL: options.databaseUrl }
          : { RIPTIDE_PGLITE_DIR: PGLITE_MEMORY }),
        // The tests run many requests with one key; the 429 test sets its own small burst on another api.
        RIPTIDE_API_KEY_RATE: '100000',
        RIPTIDE_API_KEY_BURST: '100000',
      }),
      stream,
    );
    started.push(api);

    const keys = new DatabaseApiKeyStore(api.store.db);
    const [reader, admin, ingest] = await Promise.all(
      (['reader', 'admin', 'ingest'] as const).map((role) => issueApiKey(keys, `stack-${role}`, role)),
    );

    const shares = plantedShares();
    await writeRaw(
      kafka.connection,
      'shares',
      shares.events.map((share) => ({ key: share.object_id, value: shareEventCodec.encode(share) })),
    );
    // In chunks: one topic's observations all go to one partition, and a produce request is capped in size.
    const observations = plantedOpinionStream();
    for (let start = 0; start < observations.length; start += 2_000)
      await writeRaw(
        kafka.connection,
        'stance.observations',
        observations.slice(start, start + 2_000).map((observation) => ({
          key: observation.topic_id,
          value: stanceObservationCodec.encode(observation),
        })),
      );

    const timeout = options.settleTimeoutMs ?? 180_000;
    await waitFor(
      () => campaignsClustered(api.store, shares.campaigns),
      'the planted campaigns are clusters in the store',
      timeout,
    );
    await waitFor(() => shiftStored(api.store), 'the planted shift is in the store', timeout);

    return {
      apiUrl: `http://127.0.0.1:${api.httpPort}`,
      readerToken: reader.token,
      adminToken: admin.token,
      ingestToken: ingest.token,
      planted: { campaigns: shares.campaigns.map((accounts) => ({ accounts })), shift: { ...PLANTED_SHIFT } },
      store: api.store,
      kafka: kafka.connection,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Two campaigns of 8 accounts re-sharing the same posts within seconds, among 300 organic accounts. */
function plantedShares(): { events: ShareEvent[]; campaigns: string[][] } {
  const { shares, campaigns } = simulateCampaigns({
    seed: 18,
    organicAccounts: 300,
    objects: 200,
    organicSharesPerObject: 6,
    campaigns: 2,
    membersPerCampaign: 8,
    pushesPerCampaign: 12,
    durationSeconds: 6 * 3600,
  });
  return {
    events: shares.map((share, index) => ({
      schema: 'share/v1',
      object_id: `post:${share.object}`,
      object_kind: 'post',
      account_id: share.account,
      post_id: `stack-${index}`,
      shared_at: new Date(SHARES_START_MS + share.time * 1000).toISOString(),
    })),
    campaigns: campaigns.map((campaign) => [...campaign].sort()),
  };
}

/**
 * Stance observations on one topic from the population simulator, with the favor share of one age
 * group raised by 0.3 from bucket 48 on. The classifier is simulated as a good one (0.8 on the true
 * label), so the shift the detectors see is the planted one.
 */
function plantedOpinionStream(): StanceObservation[] {
  const endMs = Math.floor(Date.now() / OPINION_BUCKET_MS) * OPINION_BUCKET_MS - 10 * OPINION_BUCKET_MS;
  const simulation = simulateOpinionStream({
    seed: 18,
    topicId: PLANTED_SHIFT.topicId,
    margins: parsePopulationMargins(JSON.parse(readFileSync('config/population.json', 'utf8'))),
    accounts: 3_000,
    buckets: OPINION_BUCKETS,
    bucketMs: OPINION_BUCKET_MS,
    volumePerDay: (400 * (24 * 3_600_000)) / OPINION_BUCKET_MS,
    startMs: endMs - OPINION_BUCKETS * OPINION_BUCKET_MS,
    shifts: [
      {
        topicId: PLANTED_SHIFT.topicId,
        group: { dimension: PLANTED_SHIFT.dimension, value: PLANTED_SHIFT.value },
        size: 0.3,
        startBucket: SHIFT_BUCKET,
        kind: 'persuasion',
      },
    ],
    drawText: () => 0,
  });
  let serial = 0;
  return simulation.buckets.flatMap((bucket) =>
    bucket.observations.map((observation): StanceObservation => {
      const account = simulation.accounts[observation.accountIndex];
      const probs = STANCE_LABELS.map((_, label) => (label === observation.trueLabel ? 0.8 : 0.1)) as [
        number,
        number,
        number,
      ];
      return {
        schema: 'stance-observation/v1',
        post_id: `stack-op-${serial++}`,
        author_id: account.id,
        topic_id: PLANTED_SHIFT.topicId,
        created_at: new Date(observation.timeMs).toISOString(),
        stance: { label: STANCE_LABELS[observation.trueLabel], probs },
        sentiment: { label: 'neutral', probs: [0.2, 0.6, 0.2] },
        demographics: { ...account.demographics },
        model: 'stance-small@1.3.0',
        sentiment_model: 'sentiment-small@1.3.0',
      };
    }),
  );
}

async function campaignsClustered(store: Store, campaigns: string[][]): Promise<boolean> {
  for (const campaign of campaigns) {
    const holding = await store.db
      .selectFrom('cluster_members as m')
      .innerJoin('clusters as c', 'c.cluster_id', 'm.cluster_id')
      .select('m.cluster_id')
      .where('c.status', '=', 'active')
      .where('m.account_id', 'in', campaign)
      .groupBy('m.cluster_id')
      .having((eb) => eb.fn.countAll(), '=', campaign.length)
      .executeTakeFirst();
    if (!holding) return false;
  }
  return true;
}

async function shiftStored(store: Store): Promise<boolean> {
  const shift = await store.db
    .selectFrom('opinion_shifts')
    .select('shift_id')
    .where('topic_id', '=', PLANTED_SHIFT.topicId)
    .where('group_key', '=', `${PLANTED_SHIFT.dimension}=${PLANTED_SHIFT.value}`)
    .where('label', '=', PLANTED_SHIFT.label)
    .executeTakeFirst();
  return shift !== undefined;
}
