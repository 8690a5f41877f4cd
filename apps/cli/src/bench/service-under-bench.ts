import type { KafkaConnection } from '@riptide/stream';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sampleValue } from './prometheus-text';

const REPO_ROOT = resolve(__dirname, '../../../..');
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;
// A scrape costs the service CPU (the opinion service has over 5,000 series; every 100 ms took 9%
// of its time). Often until the counter first moves (the clock starts at that sample: what was counted
// before it is not timed), then sparsely, and more often again as the count nears, so that the end is
// timed closely too.
const UNTIL_MOVING_POLL_MS = 50;
const MAX_POLL_MS = 1_000;
const MIN_POLL_MS = 10;
const FOLLOW_TIMEOUT_MS = 10 * 60_000;
/** What is kept of the child's output, for the error when it fails. */
const OUTPUT_TAIL_CHARS = 2_000;
// prom-client's default process metrics, under their standard names.
const RSS_METRIC = 'process_resident_memory_bytes';
const CPU_METRIC = 'process_cpu_seconds_total';
/** Linux reports process times in USER_HZ ticks, 100 per second on every architecture Node runs on. */
export const TICKS_PER_SECOND = 100;

export interface ServiceUnderBenchSpec {
  /** Names the service in errors, e.g. `the opinion service`. */
  readonly name: string;
  /** TypeScript entry, relative to the repository root. */
  readonly entry: string;
  /** The broker and the bench's private topic prefix the service runs on. */
  readonly kafka: Pick<KafkaConnection, 'brokers' | 'topicPrefix'>;
  /** Added to this process's environment; it must set the service's HTTP port to 0 (a free port). */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Matches the info log line the service writes once it listens; that line carries its HTTP port as
   * `"httpPort":N` (or `"port":N`, as the scorer and ingest write it).
   */
  readonly running: RegExp;
}

/** A counter followed from its first movement until it reached a count. */
export interface FollowedRun {
  /** Counted after the first sample that saw the counter move: what `seconds` timed. */
  readonly measured: number;
  readonly seconds: number;
  /** The service's CPU (user + system) over the same samples. */
  readonly cpuSeconds: number;
  readonly peakRssBytes: number;
  /** The last /metrics text, for the stage's own figures. */
  readonly metrics: string;
}

/** What the kernel says a process has used so far (Linux /proc): read at any instant, without a scrape. */
export interface ProcessUsage {
  /** User + system CPU of every thread since the process started. */
  readonly cpuSeconds: number;
  /** The most resident memory it ever had (VmHWM). */
  readonly peakRssBytes: number;
}

export interface ServiceUnderBench {
  /** The port of its HTTP listener, from its running line. */
  readonly httpPort: number;
  readonly pid: number;
  /** One scrape of its /metrics. */
  metrics(): Promise<string>;
  /**
   * Its CPU and peak memory so far, from /proc (so sampling it costs the service nothing); once it has
   * exited, the last figures read.
   */
  usage(): ProcessUsage;
  /** SIGKILL, as a crash or the OOM killer ends it: no last commit, no leaving the group. Resolves on exit. */
  kill(): Promise<void>;
  /**
   * SIGSTOP: the process holds still (no CPU, no heartbeats) until `thaw`; its group keeps it as a
   * member for as long as its session timeout allows.
   */
  freeze(): void;
  /** SIGCONT after `freeze`. */
  thaw(): void;
  /**
   * Polls /metrics until the sample `counter` (`name{labels}`) reaches `count`. The clock runs from the
   * first sample in which it moved, so process start, compilation and the group join are not counted
   * (as in the baseline, which starts its clock at its first batch).
   */
  followUntil(counter: string, count: number): Promise<FollowedRun>;
  /** SIGTERM (the service finishes its batch, commits and leaves its group); SIGKILL after 20 s. */
  stop(): Promise<void>;
}

/**
 * Runs a service's entry as its own process with this Node and the TypeScript loader, as deployed, and
 * resolves once its log says it is running. Broker stages time services this way.
 */
export async function startServiceUnderBench(spec: ServiceUnderBenchSpec): Promise<ServiceUnderBench> {
  // Node refuses --cpu-prof in NODE_OPTIONS: this is how a profile of the service under bench is taken.
  const profiling = process.env.RIPTIDE_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(
    process.execPath,
    [...profiling, '-r', '@swc-node/register', resolve(REPO_ROOT, spec.entry)],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        SWC_NODE_PROJECT: resolve(REPO_ROOT, 'tsconfig.json'),
        KAFKA_BROKERS: spec.kafka.brokers.join(','),
        RIPTIDE_TOPIC_PREFIX: spec.kafka.topicPrefix,
        ...spec.env,
        // The running line is an info log: read it whatever level the bench itself runs at.
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let tail = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const failure = (what: string) => new Error(`${spec.name} ${what}:\n${tail}`);
  const httpPort = await new Promise<number>((done, fail) => {
    let partialLine = '';
    const timer = setTimeout(
      () => fail(failure(`did not start within ${START_TIMEOUT_MS / 1000} s`)),
      START_TIMEOUT_MS,
    );
    // Read every chunk for as long as the child runs: a pipe nobody drains would block its writes.
    const read = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-OUTPUT_TAIL_CHARS);
      const lines = (partialLine + text).split('\n');
      partialLine = lines.pop() ?? '';
      const running = lines.find((line) => spec.running.test(line));
      const port = running && /"(?:httpPort|port)":(\d+)/.exec(running);
      if (port) {
        clearTimeout(timer);
        done(Number(port[1]));
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(failure(`exited with ${code ?? signal}`));
    });
  });
  const metricsUrl = `http://127.0.0.1:${httpPort}/metrics`;
  const running = () => child.exitCode === null && child.signalCode === null;
  const pid = child.pid!;
  let lastUsage: ProcessUsage | undefined;
  return {
    httpPort,
    pid,
    metrics: async () => (await fetch(metricsUrl)).text(),
    usage() {
      if (running()) lastUsage = processUsage(pid);
      if (!lastUsage) throw failure(`exited before its CPU and memory were read`);
      return lastUsage;
    },
    freeze: () => child.kill('SIGSTOP'),
    thaw: () => child.kill('SIGCONT'),
    async kill() {
      if (!running()) return;
      // Its last figures: once killed, /proc no longer has them.
      lastUsage = processUsage(pid);
      child.kill('SIGKILL');
      await exited;
    },
    async followUntil(counter, count) {
      const deadline = Date.now() + FOLLOW_TIMEOUT_MS;
      let first: { at: number; counted: number; cpu: number } | undefined;
      let peakRssBytes = 0;
      for (;;) {
        if (!running()) throw failure(`exited while it was followed`);
        const metrics = await (await fetch(metricsUrl)).text();
        const at = performance.now();
        const counted = sampleValue(metrics, counter);
        const cpu = sampleValue(metrics, CPU_METRIC);
        peakRssBytes = Math.max(peakRssBytes, sampleValue(metrics, RSS_METRIC));
        if (counted > 0 && !first) first = { at, counted, cpu };
        if (counted >= count && first?.at === at)
          throw failure(`counted all ${count} on ${counter} before a second sample: too few to time`);
        if (counted >= count && first)
          return {
            measured: counted - first.counted,
            seconds: (at - first.at) / 1000,
            cpuSeconds: cpu - first.cpu,
            peakRssBytes,
            metrics,
          };
        if (Date.now() > deadline)
          throw failure(`counted ${counted} of ${count} on ${counter} within ${FOLLOW_TIMEOUT_MS / 1000} s`);
        if (!first) await sleep(UNTIL_MOVING_POLL_MS);
        else if (counted === first.counted) await sleep(MAX_POLL_MS);
        else await sleep(untilNearlyDone(count - counted, counted - first.counted, at - first.at));
      }
    },
    async stop() {
      if (!running()) return;
      lastUsage = processUsage(pid);
      // A frozen process would leave the signal pending.
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A process's CPU and peak memory so far, from /proc (Linux). */
export function processUsage(pid: number): ProcessUsage {
  // Fields after the command name (which is in parentheses and may hold spaces): state is the first,
  // utime and stime the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const peakKiB = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  return {
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
    peakRssBytes: peakKiB * 1024,
  };
}

/** Half the time the rest of the count should take at the rate so far, within the poll bounds. */
function untilNearlyDone(remaining: number, countedSoFar: number, elapsedMs: number): number {
  const expectedMs = (remaining * elapsedMs) / countedSoFar;
  return Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, expectedMs / 2));
}
