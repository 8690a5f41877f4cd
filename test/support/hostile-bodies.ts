import { seededRandom } from '@riptide/coordination';
import { clientPost } from './post-fixtures';

/** One request of the hostile-input run: what it is, where it goes, with what headers and body. */
export interface HostileRequest {
  readonly kind: HostileKind;
  readonly path: '/v1/posts' | '/v1/authors';
  readonly contentType: string | undefined;
  /** Sent as the Authorization header; undefined sends none. */
  readonly authorization: string | undefined;
  readonly body: Buffer;
}

export const HOSTILE_KINDS = [
  'random_bytes',
  'invalid_utf8',
  'deep_nesting',
  'huge_string',
  'huge_number',
  'wrong_types',
  'proto_keys',
  'huge_array',
  'wrong_content_type',
  'truncated_json',
  'bad_auth',
  'valid',
] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

const CONTENT_TYPES = [
  'application/x-ndjson',
  'application/json',
  undefined,
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'image/png',
  'application/json; charset=latin1',
  ';;;==',
  'application/x-ndjson; charset=utf-16',
];

/**
 * `count` hostile requests drawn from a seeded generator (the same seed gives the same requests), an
 * equal share of each kind, in shuffled order. Bodies stay below the ingest body limit except where a kind
 * is about size, and those are a small share so that the run stays short.
 */
export function* hostileRequests(
  count: number,
  seed: number,
  authorization: string,
): Generator<HostileRequest> {
  const random = seededRandom(seed);
  const int = (below: number) => Math.floor(random() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const bytes = (length: number) => Buffer.from(Array.from({ length }, () => int(256)));
  let serial = 0;
  const post = (patch: Record<string, unknown> = {}) => ({
    ...clientPost(`hostile-${seed}-${serial++}`),
    ...patch,
  });
  const ndjson = (items: unknown[]) => Buffer.from(items.map((item) => JSON.stringify(item)).join('\n'));

  const make: Record<HostileKind, () => Omit<HostileRequest, 'kind' | 'path' | 'authorization'>> = {
    random_bytes: () => ({ contentType: pick(CONTENT_TYPES), body: bytes(int(4096)) }),
    invalid_utf8: () => {
      const text = Buffer.from(JSON.stringify(post({ text: 'MARK' })));
      const at = text.indexOf('MARK');
      const broken = pick([
        [0xc3, 0x28],
        [0xa0, 0xa1],
        [0xe2, 0x28, 0xa1],
        [0xf0, 0x28, 0x8c, 0x28],
        [0xff],
        [0xed, 0xa0, 0x80],
      ]);
      return {
        contentType: pick(['application/x-ndjson', 'application/json', undefined]),
        body: Buffer.concat([text.subarray(0, at), Buffer.from(broken), text.subarray(at + 4)]),
      };
    },
    deep_nesting: () => {
      const depth = pick([100, 1_000, 10_000, 100_000]);
      const open = pick(['[', '{"a":']);
      const body = pick([
        () => open.repeat(depth),
        () => open.repeat(depth) + '1' + (open === '[' ? ']' : '}').repeat(depth),
        () => JSON.stringify(post()).slice(0, -1) + `,"nested":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      ])();
      return { contentType: pick(CONTENT_TYPES.slice(0, 3)), body: Buffer.from(body) };
    },
    huge_string: () => {
      const length = pick([100_000, 999_000, 1_100_000, 4_000_000]);
      const field = pick(['text', 'id', 'author_id', 'lang', 'unknown_field']);
      return { contentType: 'application/x-ndjson', body: ndjson([post({ [field]: 'x'.repeat(length) })]) };
    },
    huge_number: () => {
      const number = pick([
        '1e400',
        '-1e400',
        '9'.repeat(5_000),
        '1.' + '0'.repeat(10_000),
        '-0',
        '0.0000000000000000000000001e-400',
      ]);
      const field = pick(['followers', 'id', 'created_at', 'nested']);
      const text = JSON.stringify(post()).slice(0, -1) + `,"${field}":${number}}`;
      return { contentType: pick(CONTENT_TYPES.slice(0, 3)), body: Buffer.from(text) };
    },
    wrong_types: () => {
      const value = pick([null, true, 0, -1, [], {}, [1, 2], { a: 1 }, '', 'x', [[]], [null]]);
      const field = pick([
        'id',
        'platform',
        'author_id',
        'created_at',
        'text',
        'kind',
        'urls',
        'hashtags',
        'mentions',
        'schema',
        'extra',
        'referenced_post_id',
      ]);
      const item = pick([() => post({ [field]: value }), () => value, () => [value, value]])();
      return { contentType: pick(CONTENT_TYPES.slice(0, 3)), body: ndjson([item]) };
    },
    proto_keys: () => {
      const key = pick([
        '__proto__',
        'constructor',
        'prototype',
        '__defineGetter__',
        'hasOwnProperty',
        'toString',
      ]);
      const value = pick(['{"polluted":true}', '{"prototype":{"polluted":true}}', 'null', '"x"', '[]']);
      const base = JSON.stringify(post()).slice(0, -1);
      const text = pick([
        () => `${base},"${key}":${value}}`,
        () => `${base},"extra":{"${key}":${value}}}`,
        () => `${base},"demographics":{"${key}":${value}}}`,
        () => `{"${key}":${value}}`,
      ])();
      return { contentType: pick(CONTENT_TYPES.slice(0, 3)), body: Buffer.from(text) };
    },
    huge_array: () => {
      const length = pick([10_000, 100_000, 1_000_000]);
      const element = pick(['1', '{}', '[]', 'null', '"x"']);
      return {
        contentType: pick(['application/json', undefined]),
        body: Buffer.from(`[${Array(length).fill(element).join(',')}]`),
      };
    },
    wrong_content_type: () => ({ contentType: pick(CONTENT_TYPES.slice(3)), body: ndjson([post(), post()]) }),
    truncated_json: () => {
      const text = ndjson([post(), post()]);
      return { contentType: pick(CONTENT_TYPES.slice(0, 3)), body: text.subarray(0, int(text.length)) };
    },
    bad_auth: () => ({ contentType: 'application/x-ndjson', body: ndjson([post()]) }),
    valid: () => ({
      contentType: pick(['application/x-ndjson', undefined]),
      body: ndjson([post(), post(), post()]),
    }),
  };

  const badAuthorization = () =>
    pick([
      undefined,
      '',
      'Bearer',
      'Bearer ' + 'x'.repeat(10_000),
      `Bearer rtk_${'0'.repeat(16)}_${'a'.repeat(43)}`,
      authorization.slice(0, -1) + (authorization.endsWith('A') ? 'B' : 'A'),
      authorization.replace('Bearer ', 'Basic '),
      // Printable ASCII only: fetch itself refuses to send a header with control characters.
      Array.from({ length: 40 }, () => String.fromCharCode(0x20 + int(0x5f))).join(''),
    ]);

  // The order of kinds is drawn first; bodies are made one at a time as the run asks for them, so the
  // largest never sit in memory together.
  const kinds = Array.from({ length: count }, (_, i) => HOSTILE_KINDS[i % HOSTILE_KINDS.length]);
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  for (const kind of kinds)
    yield {
      kind,
      // Valid bodies are posts; everything else goes to either route.
      path: kind === 'valid' || random() < 0.8 ? '/v1/posts' : '/v1/authors',
      authorization: kind === 'bad_auth' ? badAuthorization() : authorization,
      ...make[kind](),
    };
}
