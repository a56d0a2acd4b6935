import type { RouteDto } from './dtos/route.dto';
import type { RouteView } from './routes.service';

export function toRouteDto({ route, targets }: RouteView): RouteDto {
  return {
    id: route.id,
    workspaceId: route.workspaceId,
    alias: route.alias,
    strategy: route.strategy,
    targets,
    createdAt: route.createdAt,
    updatedAt: route.updatedAt,
  };
}
