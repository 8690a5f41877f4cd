import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMON_VARIABLES, ROLE_NAMES, SERVE_ROLES, type RoleName } from './serve-roles';

const ROOT = resolve(__dirname, '../../../..');

/** The code each role runs that reads its own settings (the libraries every role shares are checked apart). */
const ROLE_SOURCES: Record<RoleName, string[]> = {
  ingest: ['apps/ingest/src', 'libs/auth/src'],
  scorer: ['apps/scorer/src'],
  'coordination-detect': ['apps/coordination/src'],
  'coordination-cluster': ['apps/coordination/src'],
  coordination: ['apps/coordination/src'],
  opinion: ['apps/opinion/src'],
  api: ['apps/api/src', 'libs/store/src'],
  connector: ['apps/connector/src'],
};
const SHARED_SOURCES = ['libs/stream/src', 'libs/observability/src'];
/** Read by the code but not the operator's to set. */
const NOT_SETTINGS = new Set([
  'COORDINATION_ROLE', // each coordination role sets it
  'KAFKAJS_NO_PARTITIONER_WARNING', // set by libs/stream, never read
]);

/** Environment variables a folder's code names: envInt('X', …), env.X, process.env.X, env['X']. */
function variablesReadIn(folder: string): Set<string> {
  const names = new Set<string>();
  const pattern =
    /env[A-Za-z]*\(\s*'([A-Z][A-Z0-9_]+)'|env\.([A-Z][A-Z0-9_]+)|env\[['"]([A-Z][A-Z0-9_]+)['"]\]/g;
  for (const entry of readdirSync(resolve(ROOT, folder), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.spec.ts')) continue;
    for (const match of readFileSync(join(entry.parentPath, entry.name), 'utf8').matchAll(pattern))
      names.add(match[1] ?? match[2] ?? match[3]);
  }
  return new Set([...names].filter((name) => !NOT_SETTINGS.has(name)));
}

describe('serve roles document their environment', () => {
  it.each(ROLE_NAMES)('%s lists every variable its code reads', (role) => {
    const { variables, portVariable } = SERVE_ROLES[role];
    const documented = new Set<string>([...variables, portVariable, ...COMMON_VARIABLES]);
    const read = ROLE_SOURCES[role].flatMap((folder) => [...variablesReadIn(folder)]);
    expect(read.filter((name) => !documented.has(name))).toEqual([]);
    expect(read).toContain(SERVE_ROLES[role].portVariable);
  });

  it('lists every variable the shared Kafka and observability code reads as common to all roles', () => {
    const read = SHARED_SOURCES.flatMap((folder) => [...variablesReadIn(folder)]);
    expect(read.filter((name) => !(COMMON_VARIABLES as readonly string[]).includes(name))).toEqual([]);
  });

  it('lists no variable that no code reads', () => {
    const readAnywhere = new Set(['apps', 'libs'].flatMap((folder) => [...variablesReadIn(folder)]));
    const listed = [...COMMON_VARIABLES, ...ROLE_NAMES.flatMap((role) => SERVE_ROLES[role].variables)];
    expect(listed.filter((name) => !readAnywhere.has(name))).toEqual([]);
  });

  it('refuses a COORDINATION_ROLE that contradicts the coordination role served, and accepts the same one', () => {
    expect(() => SERVE_ROLES['coordination-detect'].checkEnvironment({ COORDINATION_ROLE: 'both' })).toThrow(
      'COORDINATION_ROLE=both conflicts with the role being served (detect)',
    );
    expect(() =>
      SERVE_ROLES['coordination-cluster'].checkEnvironment({ COORDINATION_ROLE: 'cluster' }),
    ).not.toThrow();
    expect(() => SERVE_ROLES.coordination.checkEnvironment({})).not.toThrow();
  });

  it('refuses to serve a connector without a known CONNECTOR_SOURCE, naming the variable', () => {
    expect(() => SERVE_ROLES.connector.checkEnvironment({})).toThrow(
      'CONNECTOR_SOURCE is required by the connector role: bluesky or mastodon',
    );
    expect(() => SERVE_ROLES.connector.checkEnvironment({ CONNECTOR_SOURCE: 'twitter' })).toThrow(
      'CONNECTOR_SOURCE must be one of bluesky, mastodon, got "twitter"',
    );
    expect(() => SERVE_ROLES.connector.checkEnvironment({ CONNECTOR_SOURCE: 'mastodon' })).not.toThrow();
  });
});
