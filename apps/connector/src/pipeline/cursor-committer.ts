import { CONNECTOR_CURSOR_SCHEMA, connectorCursorCodec, type ConnectorCursor } from '@riptide/contracts';
import { createLogger } from '@riptide/observability';
import type { OutboundMessage } from '@riptide/stream';
import { connectorMetrics } from '../connector-metrics';
import type { Platform, SourcePosition } from '../sources/live-source';

export const CURSOR_TOPIC = 'connector.cursors';
const log = createLogger('connector');

/**
 * Writes the watermark to the compacted `connector.cursors` topic, keyed by connector name, when it
 * has moved since the last commit. A failed commit is only logged: the next one carries a later
 * position, and a restart from an older cursor re-reads events, which are keyed by id.
 */
export class CursorCommitter {
  private committed: SourcePosition | null;
  private committing: Promise<void> | undefined;

  constructor(
    private readonly connector: string,
    private readonly platform: Platform,
    private readonly send: (messages: readonly OutboundMessage[]) => Promise<void>,
    private readonly watermark: () => SourcePosition | null,
    start: SourcePosition | null,
  ) {
    this.committed = start;
  }

  /** Commits the watermark if it moved; waits for a commit already under way instead of starting another. */
  async commitIfAdvanced(): Promise<void> {
    if (this.committing) return this.committing;
    const position = this.watermark();
    if (position === null || position.cursor === this.committed?.cursor) return;
    this.committing = this.commit(position).finally(() => (this.committing = undefined));
    return this.committing;
  }

  /** The last commit, at close: waits for one under way, then commits whatever moved since. */
  async close(): Promise<void> {
    await this.committing;
    await this.commitIfAdvanced();
  }

  private async commit(position: SourcePosition): Promise<void> {
    const cursor: ConnectorCursor = {
      schema: CONNECTOR_CURSOR_SCHEMA,
      connector: this.connector,
      platform: this.platform,
      cursor: position.cursor,
      event_time: position.eventTimeMs === null ? null : new Date(position.eventTimeMs).toISOString(),
      committed_at: new Date().toISOString(),
    };
    try {
      await this.send([
        { topic: CURSOR_TOPIC, key: this.connector, value: connectorCursorCodec.encode(cursor) },
      ]);
    } catch (error) {
      log.warn(
        { cursor: position.cursor, error: (error as Error).message },
        'cursor not committed; retrying later',
      );
      return;
    }
    this.committed = position;
    if (position.eventTimeMs !== null)
      connectorMetrics.cursorEventTime.set({ platform: this.platform }, position.eventTimeMs / 1000);
  }
}
