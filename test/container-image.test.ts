import { FileApiKeyStore, issueApiKey } from '@riptide/auth';
import { scoredPostCodec, shareEventCodec, type Post } from '@riptide/contracts';
import type { KafkaConnection } from '@riptide/stream';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  containerTestBlocker,
  freePort,
  startRoleContainer,
  TEST_IMAGE,
  type RoleContainer,
} from './support/container-roles';
import { latestSnapshots, memberIds, plantedShareStream } from './support/coordination-shares';
import { isolatedKafka, readTopicUntil } from './support/kafka-test-env';

/** The image's user: a fixed uid that Kubernetes' runAsNonRoot and volume ownership can rely on. */
const IMAGE_UID = 10001;
const blocker = containerTestBlocker();
// In CI the image is built before the tests: its absence is a failure there, a reason to skip elsewhere.
const skip = blocker !== undefined && process.env.CI !== 'true';

/**
 * The pipeline from the image: ingest, scorer and coordination (detect and cluster apart, as deployed)
 * each in its own container from `localhost/riptide:dev`, on the host's network with the local broker.
 * A batch posted to ingest over HTTP comes out scored, as shares and as the planted campaign's cluster.
 */
describe.skipIf(skip)(`the container image ${TEST_IMAGE}${skip ? ` (skipped: ${blocker})` : ''}`, () => {
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };
  let keysDir: string;
  let token: string;
  const containers = new Map<string, RoleContainer>();
  // The campaign stream of the coordination tests, as reposts: one post per share.
  const { shares, planted } = plantedShareStream();
  const posts: Post[] = shares.map((share) => ({
    schema: 'post/v1',
    id: share.post_id,
    platform: 'twitter',
    author_id: share.account_id,
    created_at: share.shared_at,
    text: `repost ${share.post_id}`,
    lang: 'en',
    kind: 'repost',
    referenced_post_id: share.object_id.replace(/^post:/, ''),
    urls: [],
    hashtags: [],
    mentions: [],
    media_hashes: [],
  }));
  const spanSeconds =
    (Date.parse(shares[shares.length - 1].shared_at) - Date.parse(shares[0].shared_at)) / 1000;

  beforeAll(async () => {
    if (blocker) throw new Error(`${blocker}; CI builds it before the tests (.ci/run)`);
    kafka = await isolatedKafka('container-image');
    keysDir = mkdtempSync(join(tmpdir(), 'riptide-container-keys-'));
    const keysFile = join(keysDir, 'api-keys.json');
    token = (await issueApiKey(new FileApiKeyStore(keysFile), 'container-test', 'ingest')).token;
    // As a mounted secret would be: owned by the image's user, readable by no one else.
    chownSync(keysFile, IMAGE_UID, IMAGE_UID);

    const common = {
      KAFKA_BROKERS: kafka.connection.brokers.join(','),
      RIPTIDE_TOPIC_PREFIX: kafka.connection.topicPrefix,
    };
    const [ingestPort, scorerPort, detectPort, clusterPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const start = (role: string, port: number, env: Record<string, string>, mounts: string[] = []) =>
      containers.set(role, startRoleContainer(role, port, { ...common, ...env }, mounts));
    start(
      'ingest',
      ingestPort,
      { INGEST_PORT: String(ingestPort), RIPTIDE_API_KEYS_FILE: '/run/riptide/api-keys.json' },
      [`${keysFile}:/run/riptide/api-keys.json:ro`],
    );
    // Reposts only: the stream's texts are alike by construction, and its campaign is one of co-posting.
    start('scorer', scorerPort, { SCORER_PORT: String(scorerPort), SCORER_SHARE_KINDS: 'post' });
    // The batch lands at once: a share may trail its partition's newest by the stream's whole span.
    const coordination = {
      COORDINATION_LATENESS_S: String(Math.ceil(spanSeconds) + 60),
      COORDINATION_HALF_LIFE_S: String(7 * 24 * 3600),
      COORDINATION_SNAPSHOT_INTERVAL_S: '0',
    };
    start('coordination-detect', detectPort, { ...coordination, COORDINATION_HTTP_PORT: String(detectPort) });
    start('coordination-cluster', clusterPort, {
      ...coordination,
      COORDINATION_HTTP_PORT: String(clusterPort),
    });
    await Promise.all([...containers.values()].map((container) => untilReady(container)));
  }, 120_000);

  afterAll(async () => {
    for (const container of containers.values()) container.remove();
    await kafka?.cleanup();
    if (keysDir) rmSync(keysDir, { recursive: true, force: true });
  });

  it('runs every role as uid 10001, ready, and healthy by its HEALTHCHECK', async () => {
    for (const container of containers.values()) {
      // PID 1 is node itself (exec form): the process signals reach.
      expect(container.exec(['sh', '-c', 'id -u; cat /proc/1/cmdline | tr "\\0" " "'])).toBe(
        `${IMAGE_UID}\nnode /app/apps/cli/src/main.js serve ${container.role} `,
      );
      expect(await statusOf(`${container.url}/ready`)).toBe(200);
      const health = container.healthcheck();
      expect(health, `${container.role}: ${health.output}`).toMatchObject({ healthy: true });
    }
  });

  it('ships the model files it verified at build, each matching its sha256', () => {
    const scorer = containers.get('scorer') as RoleContainer;
    const sums = scorer.exec(['cat', '/app/models.sha256']);
    expect(sums).toMatch(/^[0-9a-f]{64} {2}models\/small\/sentiment-small\.onnx$/m);
    expect(sums).toMatch(/^[0-9a-f]{64} {2}encoders\/all-minilm-l6-v2-q\/model\.onnx$/m);
    expect(
      scorer.exec(['sh', '-c', 'cd /app && sha256sum --check --quiet models.sha256 && echo verified']),
    ).toBe('verified\n');
  });

  it('takes a batch over HTTP and carries every post through scoring to the planted cluster', async () => {
    const ingest = containers.get('ingest') as RoleContainer;
    const response = await fetch(`${ingest.url}/v1/posts`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` },
      body: posts.map((post) => JSON.stringify(post)).join('\n'),
    }).catch((error: Error) => {
      throw new Error(
        `POST /v1/posts: ${error.message} (${String(error.cause)}); ingest's logs:\n${ingest.logs()}`,
      );
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ accepted: posts.length, rejected: 0 });

    const ids = new Set(posts.map((post) => post.id));
    const scored = await readTopicUntil(
      kafka.connection,
      'posts.scored',
      (seen) => seen.length >= posts.length,
      90_000,
    );
    expect(new Set(scored.map((message) => decode(scoredPostCodec, message.value).post.id))).toEqual(ids);
    const shared = await readTopicUntil(
      kafka.connection,
      'shares',
      (seen) => seen.length >= posts.length,
      30_000,
    );
    expect(new Set(shared.map((message) => decode(shareEventCodec, message.value).post_id))).toEqual(ids);

    const clusters = await readTopicUntil(
      kafka.connection,
      'coordination.clusters',
      (seen) =>
        [...latestSnapshots(seen).values()].some((snapshot) => holdsAll(memberIds(snapshot), planted)),
      90_000,
    );
    const found = [...latestSnapshots(clusters).values()].find((snapshot) =>
      holdsAll(memberIds(snapshot), planted),
    );
    expect(found?.status).toBe('active');
    console.log(
      'DEBUG',
      posts.length,
      scored.length,
      shared.length,
      clusters.length,
      found?.members.length,
      planted.length,
    );
  }, 240_000);

  it('stops each role within seconds on SIGTERM (podman stop): a clean close and exit code 0', () => {
    for (const container of containers.values()) {
      const { seconds, exitCode } = container.stop(20);
      expect({ role: container.role, exitCode }).toEqual({ role: container.role, exitCode: 0 });
      expect(seconds).toBeLessThan(5);
      expect(container.logs()).toContain(`"signal":"SIGTERM","msg":"${container.role} stopped"`);
    }
  }, 120_000);
});

function holdsAll(members: readonly string[], planted: readonly string[]): boolean {
  return planted.every((account) => members.includes(account));
}

function decode<T>(
  codec: { decode(bytes: Buffer): { ok: true; value: T } | { ok: false; error: { message: string } } },
  bytes: Buffer,
): T {
  const decoded = codec.decode(bytes);
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.value;
}

/**
 * The status of a GET on a connection of its own: fetch would keep it open in its pool, and a later
 * request could be sent on it just as the server closes it for idling (a POST is not retried).
 */
function statusOf(url: string): Promise<number> {
  return new Promise((resolve) => {
    get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).once('error', () => resolve(0));
  });
}

/** /ready answers 200 once the role joined its group (and the broker answers); fails with its logs after 90 s. */
async function untilReady(container: RoleContainer): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if ((await statusOf(`${container.url}/ready`)) === 200) return;
    await sleep(250);
  }
  throw new Error(`${container.role} was not ready within 90 s; its logs:\n${container.logs()}`);
}
