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
import { assertDashboardQueriesReturnData, isLiveSourceQuery } from './dashboard-queries';
import { startPrometheus, type PrometheusServer } from './prometheus-server';

/** Pipeline health panels about consumers, which ingest (HTTP in, Kafka out) announces but never records. */
const CONSUMER_PANELS = [
  'Consumer lag per group',
  'Consumer lag per partition',
  'Batch processing time (p95)',
  'Mean batch size',
  'Dead letters',
];
/** Nothing listens on port 1: a target that is down. */
const DOWN_TARGET = '127.0.0.1:1';

/**
 * The harness end to end: Debian's Prometheus scrapes a real ingest process every second with the
 * repository's rules; every Pipeline health query names metrics ingest exposes, those about ingest
 * return data and those about consumers are reported never recorded; a recording rule is evaluated;
 * a target that is down raises RiptideTargetDown.
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

  it('scrapes ingest: the Pipeline health queries about it return data', async () => {
    await prometheus.waitForData('riptide_ingest_items_total{result="accepted"} >= 6');
    const report = await assertDashboardQueriesReturnData(prometheus, {
      since,
      durations: { rateInterval: '5s', interval: '1s', range: '1m' },
      // The Live sources row is the connector's (test/connector-prometheus.test.ts).
      only: (query) => query.dashboard === 'Riptide / Pipeline health' && !isLiveSourceQuery(query),
    });
    expect(report.withData.map((query) => query.title)).toEqual(
      expect.arrayContaining([
        'job',
        'Targets up',
        'Broker reachable',
        'Ingest: items per second by result',
        'Memory',
      ]),
    );
    expect(new Set(report.neverRecorded.map((query) => query.title))).toEqual(
      new Set([
        ...CONSUMER_PANELS,
        'Consumers up',
        'Consumed and produced per stage',
        'Errors: retries and unconfirmed batches',
        'Rebalances and consumer restarts',
      ]),
    );
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
      const targetDown = alerts.find((alert) => alert.labels.alertname === 'RiptideTargetDown');
      if (targetDown) {
        expect({ ...targetDown.labels, state: targetDown.state }).toEqual({
          alertname: 'RiptideTargetDown',
          severity: 'critical',
          job: 'scorer',
          instance: DOWN_TARGET,
          state: 'pending',
        });
        expect(alerts.filter((alert) => alert.state === 'firing')).toEqual([]);
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
