import { readFileSync } from 'node:fs';
import { LocalKafka } from '../../kafka/local-kafka';
import { TICKS_PER_SECOND } from '../service-under-bench';

/**
 * CPU seconds the machine's cores have spent busy since boot, all cores together (/proc/stat): over a
 * window, what the instances, the broker and the bench had between them on this shared machine.
 */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  // `cpu user nice system idle iowait irq softirq steal …`: busy is user, nice, system, irq and softirq
  // (steal is time the hypervisor gave to someone else).
  const [user, nice, system, , , irq, softirq] = line.split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq) / TICKS_PER_SECOND;
}

/** The pid of the broker `riptide kafka start` runs, when the bench uses it; undefined for any other broker. */
export function localBrokerPid(brokers: readonly string[]): number | undefined {
  const local = new LocalKafka(undefined, () => undefined);
  const status = local.status();
  return status.running && brokers.includes(local.bootstrap) ? status.pid : undefined;
}
