import { ConfigError } from '@riptide/observability';
import { describe, expect, it } from 'vitest';
import { apiConfigFromEnv } from './api-config';

describe('apiConfigFromEnv', () => {
  it('defaults to port 8085, group api, PGlite under .local, materialising, the console in dist/console', () => {
    const config = apiConfigFromEnv({});
    expect(config).toMatchObject({ httpPort: 8085, groupId: 'api', materialise: true });
    expect(config.store.pgliteDir).toMatch(/\.local\/pglite$/);
    expect(config.consoleDir).toMatch(/dist\/console$/);
    expect(config.topicsFile).toMatch(/config\/topics\.json$/);
    expect(config.auth.rateLimit).toEqual({ ratePerSecond: 50, burst: 100 });
  });

  it('reads DATABASE_URL, API_* and the key rate limits', () => {
    const config = apiConfigFromEnv({
      DATABASE_URL: 'postgres://u@db:5432/riptide',
      API_HTTP_PORT: '0',
      API_GROUP_ID: 'api-2',
      API_MATERIALISE: 'false',
      API_CONSOLE_DIR: '/srv/console',
      RIPTIDE_TOPICS_FILE: '/etc/riptide/topics.json',
      RIPTIDE_API_KEY_RATE: '5',
      RIPTIDE_API_KEY_BURST: '7',
    });
    expect(config).toMatchObject({
      httpPort: 0,
      groupId: 'api-2',
      materialise: false,
      consoleDir: '/srv/console',
      topicsFile: '/etc/riptide/topics.json',
      store: { databaseUrl: 'postgres://u@db:5432/riptide' },
      auth: { rateLimit: { ratePerSecond: 5, burst: 7 } },
    });
  });

  it('names the variable it cannot read', () => {
    expect(() => apiConfigFromEnv({ API_MATERIALISE: 'yes' })).toThrow(ConfigError);
    expect(() => apiConfigFromEnv({ API_HTTP_PORT: '99999' })).toThrow(/API_HTTP_PORT/);
  });
});
