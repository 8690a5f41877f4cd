import type { Command } from 'commander';
import { CliError } from '../cli-error';

const FORMATS = ['coortweet', 'qut', 'german'] as const;
const GERMAN_OBJECTS = ['url_id', 'hashtag_id', 'domain_id', 'post_id', 'phash_id'];

interface BatchFlags {
  input: string;
  format: string;
  object?: string;
  timeWindow: string;
  minParticipation: string;
  edgeWeight: string;
  subgraph: string;
  fastWindow?: string;
  minEdgeWeight: string;
  selfLoops?: boolean;
  out: string;
}

export function registerCoordinationCommand(program: Command): void {
  const coordination = program.command('coordination').description('coordinated-spread detection');
  coordination
    .command('batch')
    .description(
      'co-share network of a research CSV with CooRTweet (coortweet, german) or QUT toolkit (qut) rules',
    )
    .requiredOption('--input <file>', 'CSV file')
    .requiredOption('--format <format>', `input layout: ${FORMATS.join(' | ')}`)
    .option('--object <column>', `column holding the shared object (german: ${GERMAN_OBJECTS.join(', ')})`)
    .requiredOption('--time-window <seconds>', 'shares at most this far apart pair up (inclusive)')
    .option('--min-participation <n>', 'CooRTweet min_participation', '2')
    .option('--edge-weight <q>', 'CooRTweet edge_weight quantile for subgraphs 1 and 2', '0.5')
    .option(
      '--subgraph <0|1|2|3>',
      '0 full, 1 above weight quantile, 2 fast above quantile, 3 fast context',
      '0',
    )
    .option('--fast-window <seconds>', 'narrower window of flag_speed_share (subgraphs 2 and 3)')
    .option('--min-edge-weight <n>', 'QUT rule: minimum directed edge weight', '1')
    .option('--self-loops', 'QUT rule: keep self loops')
    .requiredOption('--out <file>', 'output: .tsv (account_a, account_b, weight), .csv or .graphml')
    .action(async (flags: BatchFlags) => {
      const options = parseFlags(flags);
      const { readFileSync, writeFileSync } = await import('node:fs');
      const { runCoordinationBatch } = await import('../coordination/run-batch');
      const writers = await import('../coordination/network-writers');
      const { SingleBar, Presets } = await import('cli-progress');
      let bytes: Buffer;
      try {
        bytes = readFileSync(flags.input);
      } catch (error) {
        throw new CliError(`--input: cannot read ${flags.input}: ${(error as Error).message}`);
      }
      const bar = new SingleBar(
        { format: 'coordination {stage} [{bar}] {percentage}%', stream: process.stderr, hideCursor: true },
        Presets.shades_classic,
      );
      bar.start(100, 0, { stage: 'parse' });
      let result;
      try {
        result = runCoordinationBatch(bytes, {
          ...options,
          onProgress: (stage, fraction) => bar.update(Math.round(fraction * 100), { stage }),
        });
      } catch (error) {
        bar.stop();
        throw new CliError(`${flags.input}: ${(error as Error).message}`);
      }
      bar.update(100, { stage: 'write' });
      bar.stop();
      const output = flags.out.endsWith('.graphml')
        ? writers.toGraphml(result.edges)
        : flags.out.endsWith('.csv')
          ? writers.toCsv(result.edges)
          : writers.toTsv(result.edges);
      writeFileSync(flags.out, output);
      process.stderr.write(
        `coordination batch: ${result.rows} shares, ${result.nodes} nodes, ${result.edges.length} edges, ${result.seconds.toFixed(3)} s processing -> ${flags.out}\n`,
      );
    });
}

function parseFlags(flags: BatchFlags) {
  if (!(FORMATS as readonly string[]).includes(flags.format))
    throw new CliError(`--format must be one of ${FORMATS.join(', ')}, got "${flags.format}"`);
  const format = flags.format as (typeof FORMATS)[number];
  if (format === 'german' && flags.object === undefined)
    throw new CliError(`--object is required with --format german (one of ${GERMAN_OBJECTS.join(', ')})`);
  if (!/\.(tsv|csv|graphml)$/.test(flags.out))
    throw new CliError(`--out must end in .tsv, .csv or .graphml, got "${flags.out}"`);
  const timeWindow = number('--time-window', flags.timeWindow, 0);
  const minParticipation = integer('--min-participation', flags.minParticipation, 0);
  const edgeWeight = number('--edge-weight', flags.edgeWeight, 0);
  if (edgeWeight > 1)
    throw new CliError(`--edge-weight must be a quantile within [0, 1], got ${flags.edgeWeight}`);
  const subgraph = integer('--subgraph', flags.subgraph, 0);
  if (subgraph > 3) throw new CliError(`--subgraph must be 0, 1, 2 or 3, got ${flags.subgraph}`);
  const fastWindow =
    flags.fastWindow === undefined ? undefined : number('--fast-window', flags.fastWindow, 0);
  if ((subgraph === 2 || subgraph === 3) && fastWindow === undefined)
    throw new CliError(`--subgraph ${subgraph} needs --fast-window <seconds>`);
  return {
    format,
    objectColumn: flags.object,
    timeWindow,
    minParticipation,
    edgeWeight,
    subgraph: subgraph as 0 | 1 | 2 | 3,
    fastWindow,
    minEdgeWeight: integer('--min-edge-weight', flags.minEdgeWeight, 1),
    selfLoops: flags.selfLoops === true,
  };
}

function number(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min)
    throw new CliError(`${flag} must be a number >= ${min}, got "${text}"`);
  return value;
}

function integer(flag: string, text: string, min: number): number {
  const value = number(flag, text, min);
  if (!Number.isInteger(value)) throw new CliError(`${flag} must be a whole number, got "${text}"`);
  return value;
}
