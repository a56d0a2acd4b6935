import { Controller, Get, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { Public } from '../auth/roles.decorator';
import { ControlPlaneMetrics } from './control-plane-metrics.service';

/** `GET /metrics`: Prometheus text exposition, public like `/healthz`. */
@Controller()
export class MetricsController {
  constructor(private readonly metrics: ControlPlaneMetrics) {}

  @Public()
  @Get('metrics')
  async scrape(@Res() res: ServerResponse): Promise<void> {
    const body = await this.metrics.registry.metrics();
    res.statusCode = 200;
    res.setHeader('content-type', this.metrics.registry.contentType);
    res.setHeader('cache-control', 'no-store');
    res.end(body);
  }
}
