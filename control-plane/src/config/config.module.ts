import { DynamicModule, Global, Module } from '@nestjs/common';
import type { ControlPlaneConfig } from './env';

/** Injection token for the validated `ControlPlaneConfig`. */
export const CONTROL_PLANE_CONFIG = Symbol('CONTROL_PLANE_CONFIG');

/** Makes one parsed config available everywhere; each app instance gets its own (tests run several). */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: ControlPlaneConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: CONTROL_PLANE_CONFIG, useValue: config }],
      exports: [CONTROL_PLANE_CONFIG],
    };
  }
}
