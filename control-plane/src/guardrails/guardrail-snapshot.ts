import {
  mapWebhookHeaders,
  type GuardrailAction,
  GuardrailMode,
  GuardrailStage,
  SnapshotGuardrailAttachment,
  SnapshotGuardrailPolicy,
} from '@switchyard/proto';
import type { EntityManager } from 'typeorm';
import type { CredentialsVault } from '../crypto/credentials-vault.service';
import { VirtualKeyEntity } from '../virtual-keys/virtual-key.entity';
import { GuardrailAttachmentEntity } from './guardrail-attachment.entity';
import { GuardrailPolicyEntity } from './guardrail-policy.entity';

/** A stored policy as the data plane gets it: webhook header values re-sealed under the snapshot key. */
export function toSnapshotPolicy(p: GuardrailPolicyEntity, vault: CredentialsVault): SnapshotGuardrailPolicy {
  return {
    id: p.id,
    workspaceId: p.workspaceId,
    name: p.name,
    stage: p.stage as GuardrailStage,
    mode: p.mode as GuardrailMode,
    action: p.action as GuardrailAction,
    checks: mapWebhookHeaders(p.id, p.checks, (sealed, context) =>
      vault.resealValueForSnapshot(context, sealed),
    ),
  };
}

/**
 * The guardrail part of a snapshot: every policy, and attachments except those of revoked
 * keys (which are not in the snapshot). Left out when empty, so a config without
 * guardrails hashes as it did before they existed.
 */
export async function compileGuardrails(
  manager: EntityManager,
  vault: CredentialsVault,
): Promise<{
  guardrailPolicies?: SnapshotGuardrailPolicy[];
  guardrailAttachments?: SnapshotGuardrailAttachment[];
}> {
  const [policies, attachments] = await Promise.all([
    manager.find(GuardrailPolicyEntity, { order: { id: 'ASC' } }),
    manager
      .createQueryBuilder(GuardrailAttachmentEntity, 'a')
      .leftJoin(VirtualKeyEntity, 'key', 'key.id = a.key_id')
      .where('a.key_id IS NULL OR key.revoked_at IS NULL')
      .orderBy('a.policy_id', 'ASC')
      .addOrderBy('a.key_id', 'ASC', 'NULLS FIRST')
      .addOrderBy('a.route_id', 'ASC', 'NULLS FIRST')
      .getMany(),
  ]);
  const out: {
    guardrailPolicies?: SnapshotGuardrailPolicy[];
    guardrailAttachments?: SnapshotGuardrailAttachment[];
  } = {};
  if (policies.length) out.guardrailPolicies = policies.map((p) => toSnapshotPolicy(p, vault));
  if (attachments.length) {
    out.guardrailAttachments = attachments.map((a) => ({
      policyId: a.policyId,
      workspaceId: a.workspaceId,
      keyId: a.keyId,
      routeId: a.routeId,
    }));
  }
  return out;
}
