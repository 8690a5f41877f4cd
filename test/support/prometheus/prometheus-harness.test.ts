import { FileApiKeyStore, issueApiKey } from '@riptide/auth';
import type { KafkaConnection } from '@riptide/stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngestProcess, type IngestProcess } from '../ingest-process';
import { isolatedKafka } from '../kafka-test-env';
import { clientPost } from '../post-fixtures';
import { assertDashboardQueriesReturnData } from './dashboard-queries';
import { startPrometheus, type PrometheusServer } from './prometheus-server';

/** The Pipeline health panels that concern a service serving HTTP and producing to Kafka, as ingest does. */
const INGEST_PANELS = new Set([
  'job',
  'Targets up',
  'Broker reachable',
  'Ingest: items per second by result',
  'Event-loop lag',
  'Memory',
]);
/** Nothing listens on port 1: a target that is down. */
const DOWN_TARGET = '127.0.0.1:1';

/**
 * The harness end to end: Debian's Prometheus scrapes a real ingest process every second with the
 * repository's rules; the Pipeline health queries about ingest return data, a recording rule is
 * evaluated, and a target that is down raises RiptideTargetDown.
 */
describe('Prometheus harness against a running ingest', () => {
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };
  let ingest: IngestProcess;
  let prometheus: PrometheusServer;
  const keyDir = mkdtempSync(join(tmpdir(), 'riptide-prometheus-keys-'));
  const since = new Date();

  beforeAll(async () => {
    kafka = await isolatedKafka('prometheus');
    const keyFile = join(keyDir, 'api-keys.json');
    const { token } = await issueApiKey(new FileApiKeyStore(keyFile), 'prometheus-harness', 'ingest');
    ingest = await startIngestProcess({
      RIPTIDE_TOPIC_PREFIX: kafka.connection.topicPrefix,
      RIPTIDE_API_KEYS_FILE: keyFile,
    });
    prometheus = await startPrometheus({
      targets: { ingest: [new URL(ingest.url).host], scorer: [DOWN_TARGET] },
    });
    await prometheus.waitForData('up{job="ingest"} == 1');
    for (let batch = 0; batch < 3; batch++) {
      const response = await fetch(`${ingest.url}/v1/posts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify([clientPost(`harness-${batch}-a`), clientPost(`harness-${batch}-b`)]),
      });
      expect(response.status).toBe(202);
      await sleep(1_000);
    }
  });

  afterAll(async () => {
    await prometheus?.stop();
    await ingest?.stop();
    await kafka?.cleanup();
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('scrapes ingest: its Pipeline health queries return data', async () => {
    await prometheus.waitForData('riptide_ingest_items_total{result="accepted"} >= 6');
    await assertDashboardQueriesReturnData(prometheus, {
      since,
      durations: { rateInterval: '5s', interval: '1s', range: '1m' },
      only: (query) => query.dashboard === 'Riptide / Pipeline health' && INGEST_PANELS.has(query.title),
    });
  });

  it('evaluates the repository’s recording rules', async () => {
    const [accepted] = await prometheus.waitForData(
      'job_result:riptide_ingest_items:rate1m{result="accepted"}',
    );
    expect(accepted.metric.job).toBe('ingest');
  });

  it('lists the alerts of the repository’s rules: a target that is down is pending, nothing fires', async () => {
    for (let waited = 0; waited < 20_000; waited += 500) {
      const alerts = await prometheus.alerts();
      if (alerts.some((alert) => alert.labels.alertname === 'RiptideTargetDown')) {
        expect(alerts.map(({ labels, state }) => ({ ...labels, state }))).toEqual([
          {
            alertname: 'RiptideTargetDown',
            severity: 'critical',
            job: 'scorer',
            instance: DOWN_TARGET,
            state: 'pending',
          },
        ]);
        return;
      }
      await sleep(500);
    }
    throw new Error(`RiptideTargetDown never became pending:\n${prometheus.output()}`);
  });

  it('queries a range and an instant', async () => {
    const [series] = await prometheus.queryRange('up{job="ingest"}', since, new Date(), 1);
    expect(series.values.length).toBeGreaterThan(1);
    expect(series.values.every(([, value]) => value === 1)).toBe(true);
    expect(await prometheus.query('vector(1)')).toEqual([{ metric: {}, value: 1 }]);
  });
});
