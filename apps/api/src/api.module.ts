import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule, type ApiKeyStore } from '@riptide/auth';
import { ObservabilityModule } from '@riptide/observability';
import type { Store } from '@riptide/store';
import { AccountsController } from './accounts/accounts.controller';
import type { ApiConfig } from './api-config';
import { ResponseCache } from './cache/response-cache';
import { ResponseCacheInterceptor } from './cache/response-cache.interceptor';
import { StoreVersion } from './cache/store-version';
import { ClustersController } from './clusters/clusters.controller';
import { CONSOLE_DIR, ConsoleController } from './console/console.controller';
import { KeysController } from './keys/keys.controller';
import { ObjectsController } from './objects/objects.controller';
import { ShiftsController } from './shifts/shifts.controller';
import { API_KEY_STORE, STORE } from './store.token';
import { TopicsController } from './topics/topics.controller';

/** The HTTP side of the api: /v1 over the store, keys, the console, and /metrics /health /ready. */
@Module({})
export class ApiModule {
  static withStore(store: Store, keys: ApiKeyStore, config: ApiConfig, version: StoreVersion): DynamicModule {
    return {
      module: ApiModule,
      imports: [ObservabilityModule, AuthModule.withConfig({ ...config.auth, store: keys })],
      controllers: [
        ClustersController,
        ObjectsController,
        AccountsController,
        TopicsController,
        ShiftsController,
        KeysController,
        ConsoleController,
      ],
      providers: [
        { provide: STORE, useValue: store },
        { provide: API_KEY_STORE, useValue: keys },
        { provide: CONSOLE_DIR, useValue: config.consoleDir },
        { provide: StoreVersion, useValue: version },
        { provide: ResponseCache, useValue: new ResponseCache(config.responseCacheBytes) },
        ResponseCacheInterceptor,
      ],
    };
  }
}
