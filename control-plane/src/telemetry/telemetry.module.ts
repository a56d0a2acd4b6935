import { Module } from '@nestjs/common';
import { NodesModule } from '../nodes/nodes.module';
import { UsageModule } from '../usage/usage.module';
import { TelemetryServer } from './telemetry.server';

@Module({ imports: [UsageModule, NodesModule], providers: [TelemetryServer], exports: [TelemetryServer] })
export class TelemetryModule {}
