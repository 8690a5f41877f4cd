import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { generateMastodonTimeline, type MastodonStatusJson } from './mastodon-sample';
import { startMastodonReplayServer, type MastodonReplayServer } from './mastodon-replay-server';

const timeline = generateMastodonTimeline({ seed: 7, statuses: 120 });
const { statuses, deletes } = timeline;
const deletedIds = new Set(deletes.map((deletion) => deletion.id));

let server: MastodonReplayServer | undefined;
const readers: AbortController[] = [];

afterEach(async () => {
  for (const reader of readers.splice(0)) reader.abort();
  await server?.close();
  server = undefined;
});

interface Received {
  events: { event: string; data: string }[];
  comments: string[];
  /** How the stream ended: `open` (still open when we stopped), `ended`, or the error. */
  end: string;
}

/** Reads a server-sent event stream for `forMs`. */
async function readStream(
  path: string,
  forMs: number,
  headers: Record<string, string> = {},
): Promise<Received> {
  const reader = new AbortController();
  readers.push(reader);
  const received: Received = { events: [], comments: [], end: 'open' };
  const response = await fetch(`${server!.url}${path}`, { headers, signal: reader.signal });
  if (response.status !== 200) return { ...received, end: `status ${response.status}` };
  const decoder = new TextDecoder();
  let partial = '';
  let pending = { event: '', data: '' };
  const reading = (async () => {
    for await (const chunk of response.body!) {
      const lines = (partial + decoder.decode(chunk, { stream: true })).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith(':')) received.comments.push(line.slice(1));
        else if (line.startsWith('event: ')) pending.event = line.slice(7);
        else if (line.startsWith('data: ')) pending.data = line.slice(6);
        else if (line === '' && pending.event) {
          received.events.push(pending);
          pending = { event: '', data: '' };
        }
      }
    }
    received.end = 'ended';
  })().catch((error: Error) => {
    if (!reader.signal.aborted) received.end = error.message;
  });
  await Promise.race([reading, sleep(forMs)]);
  return received;
}

async function page(path: string, headers: Record<string, string> = {}): Promise<MastodonStatusJson[]> {
  const response = await fetch(`${server!.url}${path}`, { headers });
  expect(response.status).toBe(200);
  return (await response.json()) as MastodonStatusJson[];
}

const isLocal = (status: MastodonStatusJson) => !(status.account as { acct: string }).acct.includes('@');

describe('startMastodonReplayServer', () => {
  it('names its streaming origin in /api/v2/instance', async () => {
    server = await startMastodonReplayServer({ statuses });
    const instance = (await (await fetch(`${server.url}/api/v2/instance`)).json()) as {
      configuration: { urls: { streaming: string } };
    };
    expect(instance.configuration.urls.streaming).toBe(server.url.replace('http', 'ws'));
  });

  it('streams every publication and deletion from the start to a first client, with heartbeats', async () => {
    server = await startMastodonReplayServer({ statuses, deletes, heartbeatMs: 100 });
    const received = await readStream('/api/v1/streaming/public', 600);
    const updates = received.events.filter((event) => event.event === 'update');
    expect(updates.map((event) => (JSON.parse(event.data) as MastodonStatusJson).id)).toEqual(
      statuses.map((status) => status.id),
    );
    expect(received.events.filter((event) => event.event === 'delete').map((event) => event.data)).toEqual(
      deletes.map((deletion) => deletion.id),
    );
    expect(received.comments).toContain('thump');
    expect(received.end).toBe('open');
    expect(server.delivered.deletes.size).toBe(deletes.length);
  });

  it('local and hashtag streams carry only their statuses', async () => {
    server = await startMastodonReplayServer({ statuses });
    const local = await readStream('/api/v1/streaming/public/local', 400);
    const ids = local.events.map((event) => (JSON.parse(event.data) as MastodonStatusJson).id);
    expect(ids).toEqual(statuses.filter(isLocal).map((status) => status.id));
    await server.close();
    server = await startMastodonReplayServer({ statuses });
    const tagged = await readStream('/api/v1/streaming/hashtag?tag=Climate', 400);
    expect(tagged.events.length).toBeGreaterThan(0);
    for (const event of tagged.events)
      expect((JSON.parse(event.data) as { tags: { name: string }[] }).tags.map((tag) => tag.name)).toContain(
        'climate',
      );
  });

  it('pages timelines as Mastodon does: min_id forward, newest first within a page, deleted ones gone', async () => {
    server = await startMastodonReplayServer({ statuses, deletes });
    await readStream('/api/v1/streaming/public', 300);
    expect(server.finished).toBe(true);
    const visible = statuses.filter((status) => !deletedIds.has(status.id)).map((status) => status.id);

    const forward: string[] = [];
    let minId = '0';
    for (;;) {
      const statusesPage = await page(`/api/v1/timelines/public?min_id=${minId}&limit=40`);
      if (statusesPage.length === 0) break;
      const ids = statusesPage.map((status) => status.id);
      expect(ids).toEqual([...ids].sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1)));
      expect(ids.length).toBeLessThanOrEqual(40);
      forward.push(...ids.reverse());
      minId = forward[forward.length - 1];
    }
    expect(forward).toEqual(visible);

    const newest = await page('/api/v1/timelines/public?limit=100');
    expect(newest.map((status) => status.id)).toEqual(visible.slice(-40).reverse());
    const since = await page(`/api/v1/timelines/public?since_id=${visible[0]}&limit=5`);
    expect(since.map((status) => status.id)).toEqual(visible.slice(-5).reverse());
    const older = await page(`/api/v1/timelines/public?max_id=${visible[10]}&limit=3`);
    expect(older.map((status) => status.id)).toEqual(visible.slice(7, 10).reverse());
    const local = await page('/api/v1/timelines/public?local=true&limit=40&min_id=0');
    expect(local.every(isLocal)).toBe(true);
    const tagged = await page('/api/v1/timelines/tag/climate?limit=40');
    expect(tagged.length).toBeGreaterThan(0);
  });

  it('a stream never replays: a client that joins later misses what happened before, the timeline has it', async () => {
    server = await startMastodonReplayServer({ statuses, eventsPerSecond: 100 });
    const first = readStream('/api/v1/streaming/public', 2_000);
    await sleep(500);
    const late = await readStream('/api/v1/streaming/public', 1_000);
    const lateIds = late.events.map((event) => (JSON.parse(event.data) as MastodonStatusJson).id);
    expect(lateIds.length).toBeGreaterThan(0);
    expect(lateIds[0]).not.toBe(statuses[0].id);
    expect((await first).events.length).toBeGreaterThan(lateIds.length);
    const published = await page(`/api/v1/timelines/public?min_id=0&limit=40`);
    expect(published.map((status) => status.id)).toContain(statuses[0].id);
  });

  it('answers 401 without the token, when one is required', async () => {
    server = await startMastodonReplayServer({ statuses, requireToken: 'sekrit' });
    expect((await readStream('/api/v1/streaming/public', 100)).end).toBe('status 401');
    expect((await fetch(`${server.url}/api/v1/timelines/public`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/v2/instance`)).status).toBe(200);
    const authorised = await readStream('/api/v1/streaming/public', 300, { Authorization: 'Bearer sekrit' });
    expect(authorised.events.length).toBeGreaterThan(0);
    expect(server.requests.map((request) => request.status)).toEqual([401, 401, 200, 200]);
  });

  it('drops the first stream after N events, once: what it was sent is delivered', async () => {
    server = await startMastodonReplayServer({ statuses, faults: { dropAfterEvents: 10 } });
    const dropped = await readStream('/api/v1/streaming/public', 1_000);
    expect(dropped.events).toHaveLength(10);
    expect(dropped.end).not.toBe('open');
    expect(server.delivered.statuses.size).toBe(10);
    expect(server.connections).toBe(1);
  });

  it('stalls the first stream after N events: open, silent, no heartbeats', async () => {
    server = await startMastodonReplayServer({ statuses, heartbeatMs: 50, faults: { stallAfterEvents: 3 } });
    const stalled = await readStream('/api/v1/streaming/public', 500);
    expect(stalled.events).toHaveLength(3);
    expect(stalled.comments).toEqual([')']);
    expect(stalled.end).toBe('open');
  });
});
