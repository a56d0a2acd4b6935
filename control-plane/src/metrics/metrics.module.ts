import { Global, Module } from '@nestjs/common';
import { NodesModule } from '../nodes/nodes.module';
import { ControlPlaneMetrics } from './control-plane-metrics.service';
import { MetricsController } from './metrics.controller';

/** Global so the features that count (telemetry, snapshot publishing) can inject `ControlPlaneMetrics`. */
@Global()
@Module({
  imports: [NodesModule],
  controllers: [MetricsController],
  providers: [ControlPlaneMetrics],
  exports: [ControlPlaneMetrics],
})
export class MetricsModule {}
