/** The command line of `riptide connect`, before it is mapped onto the connector's variables. */
export interface ConnectFlags {
  endpoint?: string[];
  collections?: string;
  dids?: string;
  languages?: string;
  keywords?: string;
  hashtags?: string;
  instance?: string;
  stream?: string[];
  streamingUrl?: string;
  name?: string;
  port?: string;
  rewind?: string;
}

/** Which variable each option sets: the connector reads (and checks) only its environment. */
const VARIABLE_OF: Readonly<Record<keyof ConnectFlags, string>> = {
  endpoint: 'BLUESKY_JETSTREAM_URLS',
  collections: 'BLUESKY_COLLECTIONS',
  dids: 'BLUESKY_DIDS',
  languages: 'CONNECTOR_LANGUAGES',
  keywords: 'CONNECTOR_KEYWORDS',
  hashtags: 'CONNECTOR_HASHTAGS',
  instance: 'MASTODON_INSTANCE_URL',
  stream: 'MASTODON_STREAMS',
  streamingUrl: 'MASTODON_STREAMING_URL',
  name: 'CONNECTOR_NAME',
  port: 'CONNECTOR_HTTP_PORT',
  rewind: 'CONNECTOR_REWIND_S',
};

/**
 * The environment the connector starts with: the process's, with CONNECTOR_SOURCE and each given option
 * on top (an option wins over its variable). Repeated options become the comma lists the variables take.
 */
export function connectEnvironment(
  source: string,
  flags: ConnectFlags,
  env: NodeJS.ProcessEnv,
): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...env, CONNECTOR_SOURCE: source };
  for (const [flag, variable] of Object.entries(VARIABLE_OF)) {
    const value = flags[flag as keyof ConnectFlags];
    if (value === undefined) continue;
    merged[variable] = Array.isArray(value) ? value.join(',') : value;
  }
  return merged;
}
