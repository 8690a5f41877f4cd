import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorService } from '../apps/connector/src/main';
import {
  startJetstreamReplayServer,
  type JetstreamReplayServer,
} from '../apps/cli/src/live-replay/jetstream-replay-server';
import { generateJetstreamFrames } from '../apps/cli/src/live-replay/jetstream-sample';
import { isolatedKafka } from './support/kafka-test-env';
import { startTestConnector, waitFor } from './support/live-connector';
import { assertDashboardQueriesReturnData, isLiveSourceQuery } from './support/prometheus/dashboard-queries';
import { startPrometheus, type PrometheusServer } from './support/prometheus/prometheus-server';

/**
 * About 40 s of firehose at this pace, stamped a minute ago by the source's clock: the connector is still
 * reading when the checks run (a source that went quiet would rightly make RiptideConnectorNotReading pend).
 */
const FRAMES = generateJetstreamFrames({
  seed: 4242,
  events: 16_000,
  startTimeUs: (Date.now() - 60_000) * 1000,
});
const FRAMES_PER_SECOND = 400;

/**
 * Pipeline health's Live sources row against a real connector: a local Jetstream replay (one cut
 * connection, so that a reconnect is counted) read by the connector, scraped by Debian's Prometheus under
 * the job name deploy/prometheus/prometheus.yml gives it. Every query of the row must return data.
 */
describe('Pipeline health / Live sources against a running connector', () => {
  let cleanup: () => Promise<void>;
  let server: JetstreamReplayServer;
  let connector: ConnectorService;
  let prometheus: PrometheusServer;
  const since = new Date();

  beforeAll(async () => {
    const kafka = await isolatedKafka('connector-prometheus');
    cleanup = kafka.cleanup;
    server = await startJetstreamReplayServer({
      frames: FRAMES,
      framesPerSecond: FRAMES_PER_SECOND,
      faults: { dropAfterFrames: 1_000 },
    });
    connector = await startTestConnector(kafka.connection, {
      CONNECTOR_SOURCE: 'bluesky',
      CONNECTOR_NAME: 'bluesky-prometheus',
      BLUESKY_JETSTREAM_URLS: server.url,
    });
    prometheus = await startPrometheus({
      targets: { connector: [`127.0.0.1:${connector.httpPort}`] },
    });
    await prometheus.waitForTargetsUp(30_000);
    await waitFor('a reconnect and posts produced after it', () => {
      const stats = connector.stats();
      return server.connections >= 2 && stats.posts > 0;
    });
    // A few more scrapes, so that every rate has two samples after the events.
    await sleep(5_000);
  }, 180_000);

  afterAll(async () => {
    await prometheus?.stop();
    await connector?.close();
    await server?.close();
    await cleanup?.();
  });

  it('answers every query of the Live sources row with data', async () => {
    const report = await assertDashboardQueriesReturnData(prometheus, {
      since,
      durations: { rateInterval: '5s', interval: '1s', range: '1m' },
      only: (query) => query.dashboard === 'Riptide / Pipeline health' && isLiveSourceQuery(query),
    });
    expect(report.neverRecorded.map((query) => query.expr)).toEqual([]);
    expect(new Set(report.withData.map((query) => query.title))).toEqual(
      new Set([
        'Live sources: events read and produced per second',
        'Live sources: events skipped per second by reason',
        'Live sources: lag behind the source’s clock',
        'Live sources: reconnects by cause',
        'Live sources: bytes pending for Kafka',
      ]),
    );
  }, 60_000);

  it('exposes /metrics that pass promtool check metrics', async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${connector.httpPort}/metrics`)).text();
    const checked = spawnSync('promtool', ['check', 'metrics'], { input: metrics });
    expect(`${checked.stdout}${checked.stderr}`.trim()).toBe('');
    expect(checked.status).toBe(0);
  });

  it('raises no connector alert on a connector that reads and keeps up', async () => {
    expect(server.framesSent).toBeLessThan(FRAMES.length);
    const alerts = (await prometheus.alerts()).filter((alert) =>
      alert.labels.alertname.startsWith('RiptideConnector'),
    );
    expect(alerts.map((alert) => alert.labels)).toEqual([]);
  });
});
