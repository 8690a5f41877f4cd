export interface JetstreamQuery {
  readonly collections: readonly string[];
  readonly dids: readonly string[];
  /** Microseconds since the epoch (Jetstream's time_us); null: live from now. */
  readonly cursor: string | null;
  readonly maxMessageSizeBytes: number;
}

/** The subscription URL: Jetstream reads repeated `wantedCollections` and `wantedDids` parameters. */
export function jetstreamUrl(endpoint: string, query: JetstreamQuery): string {
  const url = new URL(endpoint);
  for (const collection of query.collections) url.searchParams.append('wantedCollections', collection);
  for (const did of query.dids) url.searchParams.append('wantedDids', did);
  if (query.cursor !== null) url.searchParams.set('cursor', query.cursor);
  url.searchParams.set('maxMessageSizeBytes', String(query.maxMessageSizeBytes));
  return url.toString();
}

/**
 * A cursor moved back by `seconds`. Each Jetstream instance stamps time_us with its own receive time,
 * so a cursor taken from one instance is only approximately right on another: re-reading a few seconds
 * (keyed by id, the repeats rewrite the same keys) closes the gap. Null for a cursor that is not a
 * decimal count of microseconds.
 */
export function rewoundCursor(cursor: string, seconds: number): string | null {
  if (!/^\d{1,20}$/.test(cursor)) return null;
  const rewound = BigInt(cursor) - BigInt(seconds) * 1_000_000n;
  return String(rewound > 0n ? rewound : 0n);
}
