import { SwitchyardException } from '../errors/switchyard.exception';

export enum SnapshotExceptionCode {
  INVALID = 'SNAPSHOT_INVALID',
}

/** The state would compile into a snapshot that fails validation; the change is rolled back. */
export class SnapshotException extends SwitchyardException<SnapshotExceptionCode> {}
