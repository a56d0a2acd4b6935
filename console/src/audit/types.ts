export interface AuditRecordChange {
  type: string;
  id: string;
  op: 'created' | 'updated' | 'deleted';
  before: unknown;
  after: unknown;
}

export interface AuditEntry {
  id: string;
  occurredAt: string;
  action: string;
  actorKind: string;
  actorId: string;
  actorLabel: string | null;
  workspaceId: string | null;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  errorMessage: string | null;
  requestId: string | null;
  clientIp: string | null;
  userAgent: string | null;
  before: unknown;
  after: unknown;
  changes: AuditRecordChange[];
}
