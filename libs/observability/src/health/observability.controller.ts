import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { metricsExposition } from '../metrics/metrics-exposition';
import { metricsRegistry } from '../metrics/registry';
import { healthRegistry } from './health-registry';

/**
 * `/metrics` for Prometheus, `/health` for liveness (the process answers), `/ready` for readiness: 503
 * naming every failing check while any is failing (a consumer down, the broker unreachable), 200 after.
 */
@Controller()
export class ObservabilityController {
  @Get('metrics')
  async metrics(@Res() response: Response): Promise<void> {
    response.setHeader('Content-Type', metricsRegistry.contentType);
    response.send(await metricsExposition());
  }

  @Get('health')
  @Header('Cache-Control', 'no-store')
  health(): { status: 'ok'; uptime_s: number } {
    return { status: 'ok', uptime_s: Math.round(process.uptime()) };
  }

  @Get('ready')
  @Header('Cache-Control', 'no-store')
  async ready(@Res() response: Response): Promise<void> {
    const readiness = await healthRegistry.readiness();
    response.status(readiness.ready ? 200 : 503).json(readiness);
  }
}
