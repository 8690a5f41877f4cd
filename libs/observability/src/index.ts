export { ConfigError, envInt, envList, envString } from './config/env';
export { createLogger, logToStderr } from './logging/logger';
export type { Logger } from './logging/logger';
export { counter, gauge, histogram, metricsRegistry } from './metrics/registry';
export { HealthRegistry, healthRegistry } from './health/health-registry';
export type { ReadinessCheck } from './health/health-registry';
export { ObservabilityController } from './health/observability.controller';
export { ObservabilityModule } from './health/observability.module';
