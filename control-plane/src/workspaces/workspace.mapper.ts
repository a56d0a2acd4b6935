import type { WorkspaceDto } from './dtos/workspace.dto';
import type { WorkspaceEntity } from './workspace.entity';

export function toWorkspaceDto(w: WorkspaceEntity): WorkspaceDto {
  return { id: w.id, slug: w.slug, name: w.name, logPayloads: w.logPayloads, createdAt: w.createdAt };
}
