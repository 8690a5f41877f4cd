import { defineCodec } from '../codec';
import { closedObject, dateTime, identifier, schemaName } from './fragments';

export const CONNECTOR_CURSOR_SCHEMA = 'connector-cursor/v1';

/** The live sources a connector reads. */
export const CONNECTOR_PLATFORMS = ['bluesky', 'mastodon'] as const;

/**
 * How far a connector has read its source, on the compacted `connector.cursors` topic keyed by
 * connector name: committed only once every post before it is acknowledged, so a restart resumes here.
 */
export interface ConnectorCursor {
  schema: typeof CONNECTOR_CURSOR_SCHEMA;
  connector: string;
  platform: (typeof CONNECTOR_PLATFORMS)[number];
  /** The source's own resume token: Jetstream's time_us, Mastodon's last status id (decimal strings). */
  cursor: string;
  /** The source's clock at the cursor; null when the source gives none. */
  event_time: string | null;
  committed_at: string;
}

export const connectorCursorJsonSchema = {
  title: CONNECTOR_CURSOR_SCHEMA,
  ...closedObject(
    {
      schema: schemaName(CONNECTOR_CURSOR_SCHEMA),
      connector: identifier,
      platform: { type: 'string', enum: CONNECTOR_PLATFORMS },
      cursor: identifier,
      event_time: { ...dateTime, type: ['string', 'null'] },
      committed_at: dateTime,
    },
    ['schema', 'connector', 'platform', 'cursor', 'event_time', 'committed_at'],
  ),
};

export const connectorCursorCodec = defineCodec<ConnectorCursor>({
  schema: CONNECTOR_CURSOR_SCHEMA,
  jsonSchema: connectorCursorJsonSchema,
});
