import type { Command } from 'commander';
import { CliError } from '../cli-error';
import type { ConnectFlags } from '../connect/connect-environment';
import { CONNECTOR_SOURCES as SOURCES } from '../serve/serve-roles';

const PROGRESS_EVERY_MS = 10_000;
const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * `riptide connect bluesky|mastodon`: the connector in this process until Ctrl-C, with a progress line
 * on stderr. The options set the connector's variables (docs/connectors.md), so that the command and
 * `riptide serve connector` read one configuration.
 */
export function registerConnectCommand(program: Command): void {
  program
    .command('connect')
    .description('read a live source (Bluesky Jetstream, a Mastodon instance) into posts.raw until Ctrl-C')
    .argument('<source>', SOURCES.join(' | '))
    .option(
      '--endpoint <url>',
      'bluesky: a Jetstream endpoint, repeatable, in failover order (BLUESKY_JETSTREAM_URLS)',
      collect,
    )
    .option('--collections <nsids>', 'bluesky: comma list of collections (BLUESKY_COLLECTIONS)')
    .option('--dids <dids>', 'bluesky: only these accounts, comma list (BLUESKY_DIDS)')
    .option('--instance <url>', 'mastodon: the instance (MASTODON_INSTANCE_URL)')
    .option(
      '--stream <name>',
      'mastodon: public | public:local | hashtag:<tag>, repeatable (MASTODON_STREAMS)',
      collect,
    )
    .option(
      '--streaming-url <url>',
      'mastodon: the streaming API, when not the one the instance names (MASTODON_STREAMING_URL)',
    )
    .option('--languages <codes>', 'only posts in these languages, comma list (CONNECTOR_LANGUAGES)')
    .option('--keywords <words>', 'only posts whose text holds one of these, comma list (CONNECTOR_KEYWORDS)')
    .option('--hashtags <tags>', 'only posts with one of these hashtags, comma list (CONNECTOR_HASHTAGS)')
    .option(
      '--name <name>',
      'the cursor key on connector.cursors (CONNECTOR_NAME; default from the source settings)',
    )
    .option('--rewind <seconds>', 'seconds re-read before the committed cursor at start (CONNECTOR_REWIND_S)')
    .option(
      '--port <port>',
      '/metrics, /health and /ready (CONNECTOR_HTTP_PORT, default 8086; 0 picks a free one)',
    )
    .addHelpText(
      'after',
      '\nA Mastodon access token is read from MASTODON_ACCESS_TOKEN or MASTODON_ACCESS_TOKEN_FILE only (an option ' +
        'would show in the process list). Every other CONNECTOR_* variable applies too: docs/connectors.md.\n' +
        'Ctrl-C stops reading, produces what was read and commits the cursor; the next run resumes there.',
    )
    .action(async (source: string, flags: ConnectFlags) => {
      if (!SOURCES.includes(source))
        throw new CliError(`unknown source "${source}"; the sources are ${SOURCES.join(', ')}`, 2);
      const { connectEnvironment } = await import('../connect/connect-environment');
      const { progressLine } = await import('../connect/connect-progress');
      const { importConnector } = await import('../serve/serve-roles');
      const { connectorConfigFromEnv, startConnector } = await importConnector();
      const { ensureConnectorTopics } = await import('../connect/connector-topics');
      const config = connectorConfigFromEnv(connectEnvironment(source, flags, process.env));
      const created = await ensureConnectorTopics(config.kafka);
      if (created.length > 0)
        process.stderr.write(`connect ${source}: created ${created.join(', ')} (from the topic catalog)\n`);
      const connector = await startConnector(config);
      process.stderr.write(
        `connect ${source}: "${config.name}" into ${config.kafka.topicPrefix}posts.raw, /metrics /health /ready on port ${connector.httpPort}; Ctrl-C stops\n`,
      );
      let previous = connector.stats();
      let previousAt = Date.now();
      const progress = setInterval(() => {
        const now = connector.stats();
        process.stderr.write(`${progressLine(source, previous, now, (Date.now() - previousAt) / 1000)}\n`);
        previous = now;
        previousAt = Date.now();
      }, PROGRESS_EVERY_MS);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      clearInterval(progress);
      process.stderr.write(
        `connect ${source}: ${signal}, producing what was read and committing the cursor\n`,
      );
      await connector.close();
      const { watermark, ...counts } = connector.stats();
      process.stderr.write(
        `connect ${source}: stopped at cursor ${watermark?.cursor ?? 'none'}; ${counts.received} received, ` +
          `${counts.posts} posts, ${counts.deletions} deletions, ${counts.skipped} skipped\n`,
      );
      // Kafka clients may keep sockets open a little longer; everything this command owns has closed.
      process.exit(0);
    });
}
