import { createLogger, runUntilSignalled } from '@riptide/observability';
import { removePortFile, writePortFile } from './port-file';
import type { RoleName, RoleSpec } from './serve-roles';

/**
 * Runs one role until SIGTERM or SIGINT (runUntilSignalled: the role closes cleanly once, then the process
 * exits 0), with its port in the port file while it serves. The listeners it installs stay until the
 * exit, so a signal Nest re-raises after its own shutdown hooks cannot end the process half-closed, and
 * as PID 1 in a container (where an unhandled SIGTERM is ignored) the process still stops.
 */
export function serveRole(name: RoleName, role: RoleSpec): void {
  runUntilSignalled(name, async () => {
    const serving = await role.start();
    const portFile = writePortFile(name, serving.port);
    createLogger(name).info(
      { role: name, port: serving.port, portFile, pid: process.pid },
      `serving ${name}: /metrics, /health and /ready on port ${serving.port}`,
    );
    return {
      close: async () => {
        removePortFile(name);
        await serving.close();
      },
    };
  });
}
