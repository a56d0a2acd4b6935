import { Module } from '@nestjs/common';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { RoutesResolver } from './routes.resolver';
import { RoutesService } from './routes.service';

@Module({ imports: [WorkspacesModule], providers: [RoutesService, RoutesResolver], exports: [RoutesService] })
export class RoutesModule {}
