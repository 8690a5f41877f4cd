import type { ConnectorConfig } from '../connector-config';
import { createJetstreamSource } from './bluesky/jetstream-source';
import type { LiveSource } from './live-source';
import { createMastodonSource } from './mastodon/mastodon-source';

export function createSource(config: ConnectorConfig): LiveSource {
  return config.source === 'bluesky' ? createJetstreamSource(config) : createMastodonSource(config);
}
