import { FileApiKeyStore, issueApiKey } from '@riptide/auth';
import { authorProfileCodec, postCodec, type AuthorProfile, type Post } from '@riptide/contracts';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTraffic } from '../apps/cli/src/demo/demo-traffic';
import { parseShiftSpec } from '../apps/cli/src/opinion/shift-spec';
import { simulatedOpinionStream } from '../apps/cli/src/opinion/simulated-opinion-stream';
import { ServiceProcess } from './support/faults/service-process';
import { isolatedKafka } from './support/kafka-test-env';
import { assertDashboardQueriesReturnData, isLiveSourceQuery } from './support/prometheus/dashboard-queries';
import {
  startPrometheus,
  type PrometheusAlert,
  type PrometheusServer,
} from './support/prometheus/prometheus-server';

// The researchers' path end to end: simulated posts with demographics through ingest, the scorer's real
// models and the opinion service, scraped by a real Prometheus with the repository's rules, read through
// the committed dashboards. Two topics over three simulated days of hourly buckets (the detectors judge against two days of history): feminist carries a planted
// shift in one group from hour 48, atheism carries none.
const PLANTED = {
  topic: 'feminist',
  dimension: 'age_group',
  group: '45-64',
  spec: 'persuasion:age_group=45-64:0.1:48',
};
const CONTROL_TOPIC = 'atheism';
const DAYS = 3;
const SEND_BATCH = 2_000;

describe('opinion shifts reach Prometheus, its alerts and the dashboards', () => {
  let cleanup: () => Promise<void>;
  const services: ServiceProcess[] = [];
  let prometheus: PrometheusServer | undefined;
  let since: Date;

  beforeAll(async () => {
    const kafka = await isolatedKafka('opinion-prometheus');
    cleanup = kafka.cleanup;
    const logDir = mkdtempSync(join(tmpdir(), 'riptide-opinion-prometheus-'));
    const env = {
      KAFKA_BROKERS: kafka.connection.brokers.join(','),
      RIPTIDE_TOPIC_PREFIX: kafka.connection.topicPrefix,
      RIPTIDE_API_KEYS_FILE: join(logDir, 'api-keys.json'),
      // Everything is sent within seconds, so a topic's observations arrive out of event-time order by up
      // to the whole span: the lateness covers it, and buckets close once the stream goes quiet.
      OPINION_LATENESS_S: String(DAYS * 24 * 3600),
      OPINION_QUIET_CLOSE_S: '3',
      COORDINATION_LATENESS_S: '20000',
      COORDINATION_SNAPSHOT_QUIET_S: '1',
    };
    const roles = [
      { job: 'ingest', entry: 'apps/ingest/src/main.ts', portVariable: 'INGEST_PORT' },
      { job: 'scorer', entry: 'apps/scorer/src/main.ts', portVariable: 'SCORER_PORT' },
      { job: 'coordination', entry: 'apps/coordination/src/main.ts', portVariable: 'COORDINATION_HTTP_PORT' },
      { job: 'opinion', entry: 'apps/opinion/src/main.ts', portVariable: 'OPINION_HTTP_PORT' },
    ];
    for (const role of roles)
      services.push(await ServiceProcess.create({ name: role.job, ...role, env }, logDir));
    await Promise.all(services.map((service) => service.start()));
    prometheus = await startPrometheus({
      targets: Object.fromEntries(
        roles.map((role, index) => [role.job, [`127.0.0.1:${services[index].port}`]]),
      ),
    });
    await prometheus.waitForTargetsUp(30_000);
    since = new Date();

    const { token } = await issueApiKey(
      new FileApiKeyStore(env.RIPTIDE_API_KEYS_FILE),
      'opinion-e2e',
      'ingest',
    );
    const shifted = simulatedOpinionStream({
      seed: 5,
      topicId: PLANTED.topic,
      days: DAYS,
      volumePerDay: 24_000,
      shifts: [parseShiftSpec(PLANTED.spec, PLANTED.topic, 48)],
    });
    const control = simulatedOpinionStream({
      seed: 6,
      topicId: CONTROL_TOPIC,
      days: DAYS,
      volumePerDay: 24_000,
      shifts: [],
    });
    const ingest = services[0];
    await send(ingest.url, token, 'authors', [...shifted.authors, ...control.authors]);
    await waitForProfiles(services[1], shifted.authors.length + control.authors.length);
    // The coordination stream too, so that the Coordinated spread dashboard has clusters to show.
    await send(ingest.url, token, 'posts', [...shifted.posts, ...control.posts, ...demoTraffic().posts]);
  }, 600_000);

  afterAll(async () => {
    await prometheus?.stop();
    await Promise.all(services.map((service) => service.kill('SIGTERM')));
    await cleanup?.();
  });

  it('fires the shift alert for the planted group, and none on the topic without a shift', async () => {
    const planted = await waitForAlert(
      prometheus!,
      (alert) =>
        alert.labels.alertname === 'RiptideOpinionShift' &&
        alert.labels.topic === PLANTED.topic &&
        alert.labels.dimension === PLANTED.dimension &&
        alert.labels.group === PLANTED.group,
      180_000,
    );
    expect(planted.state).toBe('firing');
    expect(planted.annotations.summary).toContain(`${PLANTED.dimension}=${PLANTED.group}`);
    // Then every bucket of the control topic closes (all but the last, which ends at the stream's end and
    // stays open for late observations), and the rules run a few more times over it.
    await prometheus!.waitForData(
      `riptide_opinion_buckets_closed_total{topic="${CONTROL_TOPIC}"} >= ${DAYS * 24 - 1}`,
      60_000,
    );
    await sleep(5_000);
    const control = (await prometheus!.alerts()).filter(
      (alert) => alert.labels.alertname === 'RiptideOpinionShift' && alert.labels.topic === CONTROL_TOPIC,
    );
    expect(control.map((alert) => alert.labels)).toEqual([]);
  }, 240_000);

  it('exposes /metrics that pass promtool check metrics on every service', async () => {
    for (const service of services) {
      const checked = spawnSync('promtool', ['check', 'metrics'], { input: await service.metrics() });
      expect(`${checked.stdout}${checked.stderr}`.trim(), service.spec.name).toBe('');
      expect(checked.status, service.spec.name).toBe(0);
    }
  });

  it('answers every query of the committed dashboards with data from the running services', async () => {
    await assertDashboardQueriesReturnData(prometheus!, {
      since,
      variables: { topic: PLANTED.topic, dimension: PLANTED.dimension, group: PLANTED.group, label: 'favor' },
      // No live source runs here: test/connector-prometheus.test.ts checks Pipeline health's Live sources row.
      only: (query) => !isLiveSourceQuery(query),
    });
  }, 120_000);
});

async function send(
  ingestUrl: string,
  token: string,
  kind: 'posts' | 'authors',
  items: readonly (Post | AuthorProfile)[],
): Promise<void> {
  const encode = (item: Post | AuthorProfile) =>
    kind === 'posts' ? postCodec.encode(item as Post) : authorProfileCodec.encode(item as AuthorProfile);
  for (let start = 0; start < items.length; start += SEND_BATCH) {
    const response = await fetch(`${ingestUrl}/v1/${kind}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      body: items
        .slice(start, start + SEND_BATCH)
        .map((item) => encode(item).toString())
        .join('\n'),
    });
    expect(response.status, await response.clone().text()).toBe(202);
  }
}

async function waitForProfiles(scorer: ServiceProcess, count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const line = (await scorer.metrics())
      .split('\n')
      .find((l) => l.startsWith('riptide_scorer_author_profiles '));
    if (Number(line?.split(' ')[1] ?? 0) >= count) return;
    if (Date.now() > deadline)
      throw new Error(`the scorer held ${line} of ${count} author profiles after 60 s`);
    await sleep(500);
  }
}

async function waitForAlert(
  server: PrometheusServer,
  matches: (alert: PrometheusAlert) => boolean,
  timeoutMs: number,
): Promise<PrometheusAlert> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alerts = await server.alerts();
    const found = alerts.find((alert) => matches(alert) && alert.state === 'firing');
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(
        `no matching firing alert within ${timeoutMs / 1000} s; active: ${JSON.stringify(alerts.map((alert) => alert.labels))}`,
      );
    await sleep(1_000);
  }
}
