import { useRecordContext } from 'react-admin';
import type { AuditEntry } from './types';

/** The actor's label (or id) and kind; the id on hover. */
export function ActorField() {
  const record = useRecordContext<AuditEntry>();
  if (!record) return null;
  return (
    <span title={`${record.actorKind} ${record.actorId}`}>
      {record.actorLabel ?? record.actorId} <small style={{ opacity: 0.6 }}>({record.actorKind})</small>
    </span>
  );
}
