import { envString } from '@riptide/observability';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A serving role writes its HTTP port to `<RIPTIDE_RUN_DIR>/riptide-<role>.port` (default the system's
 * temporary folder), so that `riptide healthcheck`, run beside it (a container's HEALTHCHECK), knows where
 * to ask without being told the role or the port.
 */
export function runDirectory(env: Record<string, string | undefined> = process.env): string {
  return envString('RIPTIDE_RUN_DIR', tmpdir(), env);
}

const PORT_FILE = /^riptide-(.+)\.port$/;

export function portFilePath(role: string, directory = runDirectory()): string {
  return join(directory, `riptide-${role}.port`);
}

export function writePortFile(role: string, port: number, directory = runDirectory()): string {
  mkdirSync(directory, { recursive: true });
  const path = portFilePath(role, directory);
  writeFileSync(path, `${port}\n`);
  return path;
}

export function removePortFile(role: string, directory = runDirectory()): void {
  rmSync(portFilePath(role, directory), { force: true });
}

/** The roles that have written a port file in the folder, with their ports. */
export function readPortFiles(directory = runDirectory()): { role: string; port: number }[] {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const role = PORT_FILE.exec(name)?.[1];
    if (role === undefined) return [];
    const port = Number(readFileSync(join(directory, name), 'utf8').trim());
    return Number.isInteger(port) && port > 0 && port < 65_536 ? [{ role, port }] : [];
  });
}
