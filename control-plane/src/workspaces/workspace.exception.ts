import { SwitchyardException } from '../errors/switchyard.exception';

export enum WorkspaceExceptionCode {
  NOT_FOUND = 'WORKSPACE_NOT_FOUND',
  SLUG_TAKEN = 'WORKSPACE_SLUG_TAKEN',
}

export class WorkspaceException extends SwitchyardException<WorkspaceExceptionCode> {}

export function workspaceNotFound(id: string): WorkspaceException {
  return new WorkspaceException(`Workspace ${id} not found`, WorkspaceExceptionCode.NOT_FOUND);
}
