import { clusterSnapshotCodec, type ClusterSnapshot } from '@riptide/contracts';
import { PGLITE_MEMORY } from '@riptide/store';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiConfigFromEnv } from '../../apps/api/src/api-config';
import { startApi } from '../../apps/api/src/main';
import { issueApiKey } from '@riptide/auth';
import { DatabaseApiKeyStore } from '@riptide/store';
import { startAnalystStack, type AnalystStack } from './analyst-stack';
import { waitFor } from './coordination-service';
import { writeRaw } from './kafka-test-env';
import { get } from 'node:http';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** Every /v1 route, as a request a test can send: what 401 and 403 are checked on. */
const READER_ROUTES = (clusterId: string, accountId: string) => [
  '/v1/clusters',
  `/v1/clusters/${clusterId}`,
  `/v1/clusters/${clusterId}/evidence`,
  `/v1/clusters/${clusterId}/graph`,
  '/v1/objects',
  `/v1/accounts/${accountId}`,
  '/v1/topics',
  '/v1/topics/feminist/opinion',
  '/v1/shifts',
];
const ADMIN_ROUTES: [string, string, unknown?][] = [
  ['GET', '/v1/keys'],
  ['POST', '/v1/keys', { name: 'nobody', role: 'reader' }],
  ['DELETE', '/v1/keys/nobody'],
];

/**
 * The api end to end over one engine: planted upstream data through the topics, the materialisers and
 * the store to the HTTP answers; keys and roles; validation; paging under inserts; exports; limits.
 */
export function apiEndToEndSuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`the api end to end on ${engine}`, () => {
    let stack: AnalystStack;
    let clusterOf: Map<string, string>;

    const call = async (path: string, token?: string, init: RequestInit = {}): Promise<Answer> => {
      const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await fetch(`${stack.apiUrl}${path}`, { ...init, headers, redirect: 'manual' });
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { status: response.status, headers: response.headers, text, body };
    };
    const read = (path: string) => call(path, stack.readerToken);

    beforeAll(async () => {
      stack = await startAnalystStack({ databaseUrl: databaseUrl() });
      // Which cluster holds each planted campaign, as the api shows it.
      const { body } = await read('/v1/clusters?status=active&limit=500');
      clusterOf = new Map();
      for (const summary of body.data as { cluster_id: string }[]) {
        const detail = (await read(`/v1/clusters/${summary.cluster_id}`)).body;
        const members = new Set((detail.members as { account_id: string }[]).map((m) => m.account_id));
        for (const campaign of stack.planted.campaigns)
          if (campaign.accounts.every((account) => members.has(account)))
            clusterOf.set(campaign.accounts[0], summary.cluster_id);
      }
    }, 300_000);

    afterAll(() => stack?.close());

    it('shows each planted campaign as a cluster with members, evidence between them, history and timeline', async () => {
      expect(clusterOf.size).toBe(stack.planted.campaigns.length);
      for (const campaign of stack.planted.campaigns) {
        const id = clusterOf.get(campaign.accounts[0])!;
        const detail = (await read(`/v1/clusters/${id}`)).body;
        expect(detail).toMatchObject({ cluster_id: id, status: 'active', dominant_signal: 'co-post' });
        expect(detail.members_total).toBeGreaterThanOrEqual(campaign.accounts.length);
        expect(detail.coordination_score).toBeGreaterThan(0);
        const scored = (
          await read(`/v1/clusters?min_score=${detail.coordination_score}&sort=score&limit=500`)
        ).body;
        expect(scored.data.map((c: { cluster_id: string }) => c.cluster_id)).toContain(id);
        expect(detail.history.length).toBeGreaterThanOrEqual(1);
        expect(detail.objects.length).toBeGreaterThan(0);
        expect(detail.objects[0]).toMatchObject({ kind: 'post', edges: expect.any(Number) });
        expect(
          detail.timeline.reduce((sum: number, hour: { edges: number }) => sum + hour.edges, 0),
        ).toBeGreaterThan(0);
        const evidence = (await read(`/v1/clusters/${id}/evidence?limit=500`)).body;
        expect(evidence.data.length).toBeGreaterThan(0);
        const members = new Set(detail.members.map((m: { account_id: string }) => m.account_id));
        for (const edge of evidence.data) {
          expect(members.has(edge.account_a) && members.has(edge.account_b)).toBe(true);
          expect(edge.delta_t_s).toBeLessThanOrEqual(60);
        }
        const account = (await read(`/v1/accounts/${campaign.accounts[0]}`)).body;
        expect(account.clusters.map((c: { cluster_id: string }) => c.cluster_id)).toContain(id);
        expect(account.edge_count).toBeGreaterThan(0);
        expect(account.objects.length).toBeGreaterThan(0);
      }
      const objects = (await read('/v1/objects?limit=5')).body;
      expect(objects.data[0].coordinated_shares).toBeGreaterThan(0);
      expect(objects.data[0].clusters).toBeGreaterThanOrEqual(1);
    });

    it('shows the planted opinion shift, in /v1/shifts and beside its group series', async () => {
      const { topicId, dimension, value, label } = stack.planted.shift;
      const shifts = (
        await read(`/v1/shifts?topic=${topicId}&dimension=${dimension}&value=${encodeURIComponent(value)}`)
      ).body;
      expect(
        shifts.data.some((shift: { label: string; size: number }) => shift.label === label && shift.size > 0),
      ).toBe(true);
      const opinion = (
        await read(
          `/v1/topics/${topicId}/opinion?dimension=${dimension}&value=${encodeURIComponent(value)}&limit=500`,
        )
      ).body;
      expect(opinion.series).toHaveLength(1);
      expect(opinion.series[0].group).toEqual({ dimension, value });
      expect(opinion.series[0].points.length).toBeGreaterThan(24);
      expect(opinion.series[0].points[0].weighted[label]).toMatchObject({ share: expect.any(Number) });
      expect(opinion.shifts.length).toBeGreaterThan(0);
      const topics = (await read('/v1/topics')).body;
      expect(topics.data.find((topic: { topic_id: string }) => topic.topic_id === topicId)).toMatchObject({
        estimates: expect.any(Number),
        shifts: expect.any(Number),
      });
    });

    it('answers 401 without a key and 403 to a key of another role, on every /v1 route', async () => {
      const [clusterId] = [...clusterOf.values()];
      const account = stack.planted.campaigns[0].accounts[0];
      for (const path of READER_ROUTES(clusterId, account)) {
        const missing = await call(path);
        expect(missing.status, path).toBe(401);
        expect(missing.body).toMatchObject({ error: 'unauthorized', message: expect.any(String) });
        const ingest = await call(path, stack.ingestToken);
        expect(ingest.status, path).toBe(403);
        expect(ingest.body).toMatchObject({ error: 'forbidden' });
        expect((await read(path)).status, path).toBe(200);
      }
      for (const [method, path, body] of ADMIN_ROUTES) {
        const init = body
          ? { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
          : { method };
        expect((await call(path, undefined, init)).status, `${method} ${path}`).toBe(401);
        const reader = await call(path, stack.readerToken, init);
        expect(reader.status, `${method} ${path}`).toBe(403);
        expect(reader.body.error).toBe('forbidden');
      }
    });

    it('lets an admin list, create and revoke keys; the new token works until revoked', async () => {
      const created = await call('/v1/keys', stack.adminToken, {
        method: 'POST',
        body: JSON.stringify({ name: `e2e-${engine}`, role: 'reader' }),
        headers: { 'content-type': 'application/json' },
      });
      expect(created.status).toBe(201);
      expect(created.body.key).toMatchObject({ name: `e2e-${engine}`, role: 'reader', revoked_at: null });
      expect((await call('/v1/topics', created.body.token)).status).toBe(200);
      const listed = (await call('/v1/keys', stack.adminToken)).body.data;
      expect(listed.map((key: { name: string }) => key.name)).toContain(`e2e-${engine}`);
      expect(JSON.stringify(listed)).not.toContain('hash');
      const revoked = await call(`/v1/keys/e2e-${engine}`, stack.adminToken, { method: 'DELETE' });
      expect(revoked.body.key.revoked_at).not.toBeNull();
      // The key store re-reads the table within its refresh interval (2 s).
      await waitFor(
        async () => (await call('/v1/topics', created.body.token)).status === 401,
        'the revoked key is refused',
        10_000,
      );
      expect((await call('/v1/keys/nobody-at-all', stack.adminToken, { method: 'DELETE' })).body.error).toBe(
        'not_found',
      );
    });

    it('answers a bad parameter of every kind with 400 naming the field', async () => {
      const [clusterId] = [...clusterOf.values()];
      const cases: [string, string][] = [
        ['/v1/clusters?min_size=abc', 'min_size'], // integer
        ['/v1/clusters?min_score=-1', 'min_score'], // number
        ['/v1/clusters?sort=loudest', 'sort'], // choice
        ['/v1/clusters?since=yesterday', 'since'], // time
        ['/v1/clusters?since=2026-12-02T00:00:00Z&until=2026-12-01T00:00:00Z', 'until'], // window
        ['/v1/clusters?limit=501', 'limit'], // hard limit
        ['/v1/clusters?cursor=bm90LWEtY3Vyc29y', 'cursor'], // cursor
        ['/v1/clusters?min_szie=3', 'min_szie'], // unknown parameter
        ['/v1/clusters?status=active&status=dissolved', 'status'], // repeated
        ['/v1/objects?kind=podcast', 'kind'],
        ['/v1/shifts?value=45-64', 'value'], // a value without its dimension
        ['/v1/topics/feminist/opinion?measure=mood', 'measure'],
        [`/v1/clusters/${clusterId}/graph?format=png`, 'format'],
        [`/v1/clusters/${clusterId}/graph?format=json&part=nodes`, 'part'],
        [`/v1/clusters/${clusterId}/graph?max_nodes=0`, 'max_nodes'],
        [`/v1/clusters/${clusterId}/evidence?limit=x`, 'limit'],
        [`/v1/clusters/${'x'.repeat(3000)}`, 'id'], // path parameter
      ];
      for (const [path, field] of cases) {
        const answer = await read(path);
        expect(answer.status, path).toBe(400);
        expect(answer.body, path).toMatchObject({
          error: 'invalid_parameter',
          field,
          message: expect.stringContaining(field),
        });
      }
      const post = (body: string) =>
        call('/v1/keys', stack.adminToken, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
        });
      expect((await post('{"name": "ok", "role": "boss"}')).body).toMatchObject({
        error: 'invalid_parameter',
        field: 'role',
      });
      expect((await post('{"name": "", "role": "reader"}')).body).toMatchObject({
        error: 'invalid_parameter',
        field: 'name',
      });
      expect((await post('{"name": ')).body).toMatchObject({ error: 'invalid_parameter', field: 'body' });
    });

    it('answers unknown ids and routes with 404 in the same error shape', async () => {
      expect((await read('/v1/clusters/no-such-cluster')).body).toEqual({
        error: 'not_found',
        message: 'no cluster "no-such-cluster"',
      });
      expect((await read('/v1/accounts/no-such-account')).status).toBe(404);
      expect((await read('/v1/topics/no-such-topic/opinion')).status).toBe(404);
      const route = await read('/v1/nothing-here');
      expect(route.status).toBe(404);
      expect(route.body).toEqual({ error: 'not_found', message: 'no route GET /v1/nothing-here' });
    });

    it('pages through clusters with no repeat and no skip while new snapshots arrive', async () => {
      const before = (await read('/v1/clusters?limit=500')).body.data.map(
        (c: { cluster_id: string }) => c.cluster_id,
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      let added = 0;
      do {
        const page: Answer = await read(`/v1/clusters?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        seen.push(...page.body.data.map((c: { cluster_id: string }) => c.cluster_id));
        cursor = page.body.next_cursor;
        // After each of the first pages, a newer and an older cluster than any listed, through the topic
        // and the materialiser: the newer lands before the cursor, the older (each older than the last) after it.
        if (added < 3) {
          added += 1;
          await produceSnapshots(stack, [
            syntheticSnapshot(`paging-${engine}-${added}-new`, '2030-01-01T00:00:00.000Z', added),
            syntheticSnapshot(
              `paging-${engine}-${added}-old`,
              new Date(Date.UTC(2020, 0, 10 - added)).toISOString(),
              added,
            ),
          ]);
        }
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining(before));
      expect(added).toBe(3);
      // The older clusters added while paging come after the cursor, so they are listed too.
      expect(seen.filter((id) => id.endsWith('-old'))).toHaveLength(3);
    });

    it('answers again from its cache while the store is unchanged (same ETag, 304) and afresh once a batch lands', async () => {
      const path = '/v1/clusters?limit=5&sort=updated_at';
      const first = await read(path);
      const etag = first.headers.get('etag');
      expect(etag).toBeTruthy();
      expect((await read(path)).headers.get('etag')).toBe(etag);
      // node:http, not fetch: fetch adds Cache-Control: no-cache beside If-None-Match, which forbids a 304.
      expect(await conditionalStatus(`${stack.apiUrl}${path}`, stack.readerToken, etag!)).toBe(304);
      // The guard still runs before the cache: no key, no answer.
      expect((await call(path)).status).toBe(401);
      await produceSnapshots(stack, [syntheticSnapshot(`cache-${engine}`, '2031-01-01T00:00:00.000Z', 1)]);
      const after = await read(path);
      expect(after.body.data[0].cluster_id).toBe(`cache-${engine}`);
      expect(after.headers.get('etag')).not.toBe(etag);
    });

    it('exports the graph as graphology JSON, GraphML, GEXF and CSV with the same nodes and edges', async () => {
      const id = [...clusterOf.values()][0];
      const json = (await read(`/v1/clusters/${id}/graph`)).body;
      const detail = (await read(`/v1/clusters/${id}`)).body;
      expect(json.options.type).toBe('undirected');
      expect(json.nodes).toHaveLength(detail.members_total);
      expect(json.edges.length).toBeGreaterThan(0);
      const parser = new XMLParser({
        ignoreAttributes: false,
        attributeNamePrefix: '',
        isArray: (name) => name === 'node' || name === 'edge',
      });

      const graphml = await read(`/v1/clusters/${id}/graph?format=graphml`);
      expect(graphml.headers.get('content-disposition')).toBe(`attachment; filename="cluster-${id}.graphml"`);
      const g = parser.parse(graphml.text).graphml.graph;
      expect(g.node).toHaveLength(json.nodes.length);
      expect(g.edge).toHaveLength(json.edges.length);

      const gexf = await read(`/v1/clusters/${id}/graph?format=gexf`);
      expect(gexf.headers.get('content-disposition')).toBe(`attachment; filename="cluster-${id}.gexf"`);
      const x = parser.parse(gexf.text).gexf.graph;
      expect(x.nodes.node).toHaveLength(json.nodes.length);
      expect(x.edges.edge).toHaveLength(json.edges.length);

      const edgesCsv = (await read(`/v1/clusters/${id}/graph?format=csv`)).text.trim().split('\n');
      expect(edgesCsv[0]).toBe('source,target,weight,signals,objects,delta_t_median_s');
      expect(edgesCsv).toHaveLength(json.edges.length + 1);
      const nodesCsv = (await read(`/v1/clusters/${id}/graph?format=csv&part=nodes`)).text.trim().split('\n');
      expect(nodesCsv).toHaveLength(json.nodes.length + 1);

      const trimmed = await read(`/v1/clusters/${id}/graph?max_nodes=3`);
      expect(trimmed.headers.get('x-riptide-trimmed')).toMatch(
        new RegExp(`^k=\\d+; nodes=3/${json.nodes.length}$`),
      );
      expect(trimmed.body.nodes).toHaveLength(3);
    });

    it('lists every route in /openapi.json and serves the docs and probes', async () => {
      const spec = (await call('/openapi.json')).body;
      expect(Object.keys(spec.paths)).toEqual(
        expect.arrayContaining([
          '/v1/clusters',
          '/v1/clusters/{id}',
          '/v1/clusters/{id}/evidence',
          '/v1/clusters/{id}/graph',
          '/v1/objects',
          '/v1/accounts/{id}',
          '/v1/topics',
          '/v1/topics/{id}/opinion',
          '/v1/shifts',
          '/v1/keys',
          '/v1/keys/{idOrName}',
        ]),
      );
      expect(spec.paths['/v1/clusters'].get.parameters.map((p: { name: string }) => p.name)).toContain(
        'min_size',
      );
      const docs = await call('/docs');
      expect(docs.status).toBe(200);
      expect(docs.text).not.toMatch(/https?:\/\/(unpkg|cdn)/);
      expect((await call('/ready')).status).toBe(200);
      expect((await call('/health')).status).toBe(200);
      expect((await call('/')).headers.get('location')).toBe('/console/');
    });

    it('answers 429 with Retry-After once a key is over its burst', async () => {
      // A second api over its own store with a burst of 3; materialising nothing.
      const url = databaseUrl();
      const limited = await startApi(
        apiConfigFromEnv({
          API_HTTP_PORT: '0',
          API_MATERIALISE: 'false',
          RIPTIDE_API_KEY_RATE: '1',
          RIPTIDE_API_KEY_BURST: '3',
          ...(url ? { DATABASE_URL: url } : { RIPTIDE_PGLITE_DIR: PGLITE_MEMORY }),
        }),
      );
      try {
        const { token } = await issueApiKey(
          new DatabaseApiKeyStore(limited.store.db),
          `burst-${engine}`,
          'reader',
        );
        const statuses: number[] = [];
        let last: Response | undefined;
        for (let i = 0; i < 5; i++) {
          last = await fetch(`http://127.0.0.1:${limited.httpPort}/v1/topics`, {
            headers: { authorization: `Bearer ${token}` },
          });
          statuses.push(last.status);
        }
        expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
        expect(statuses[4]).toBe(429);
        expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(await last!.json()).toMatchObject({ error: 'rate_limited', message: expect.any(String) });
      } finally {
        await limited.close();
      }
    });
  });
}

function syntheticSnapshot(clusterId: string, updatedAt: string, serial: number): ClusterSnapshot {
  const members = ['a', 'b', 'c'].map((x) => ({
    account_id: `${clusterId}-${x}`,
    degree: 2,
    strength: serial,
  }));
  return {
    schema: 'cluster/v1',
    cluster_id: clusterId,
    generation: 1,
    status: 'active',
    method: 'louvain',
    updated_at: updatedAt,
    members,
    size: 3,
    edge_count: 3,
    density: 1,
    delta_t: { median_s: 1, iqr_s: 0 },
    signals: { 'co-post': 3 },
    top_objects: [],
    scores: {},
  };
}

/** Writes snapshots to coordination.clusters and waits until the materialiser stored them. */
async function produceSnapshots(stack: AnalystStack, snapshots: ClusterSnapshot[]): Promise<void> {
  await writeRaw(
    stack.kafka,
    'coordination.clusters',
    snapshots.map((snapshot) => ({ key: snapshot.cluster_id, value: clusterSnapshotCodec.encode(snapshot) })),
  );
  const ids = snapshots.map((snapshot) => snapshot.cluster_id);
  await waitFor(
    async () =>
      (
        await stack.store.db
          .selectFrom('clusters')
          .select('cluster_id')
          .where('cluster_id', 'in', ids)
          .execute()
      ).length === ids.length,
    `clusters ${ids.join(', ')} are stored`,
  );
}

/** The status of a GET with If-None-Match, sent without any cache directive. */
function conditionalStatus(url: string, token: string, etag: string): Promise<number> {
  return new Promise((done, fail) => {
    get(url, { headers: { authorization: `Bearer ${token}`, 'if-none-match': etag } }, (response) => {
      response.resume();
      response.on('end', () => done(response.statusCode ?? 0));
    }).on('error', fail);
  });
}
