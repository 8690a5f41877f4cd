import { ConfigError } from '@riptide/observability';
import type { ConnectorConfig } from '../connector-config';
import { createJetstreamSource } from './bluesky/jetstream-source';
import type { LiveSource } from './live-source';

export function createSource(config: ConnectorConfig): LiveSource {
  if (config.source === 'bluesky') return createJetstreamSource(config);
  throw new ConfigError('CONNECTOR_SOURCE=mastodon: the Mastodon source is not wired in yet');
}
