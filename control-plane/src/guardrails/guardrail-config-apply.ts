import { canonicalJson } from '@switchyard/proto';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { invalidConfig } from '../config-apply/config-apply.exception';
import { RouteEntity } from '../routes/route.entity';
import { VirtualKeyEntity } from '../virtual-keys/virtual-key.entity';
import type { WorkspaceEntity } from '../workspaces/workspace.entity';
import type { GuardrailConfigInput } from './dtos/guardrail-config.input';
import { GuardrailAttachmentEntity } from './guardrail-attachment.entity';
import type { CredentialsVault } from '../crypto/credentials-vault.service';
import { normalizeChecks, sealWebhookHeaders } from './guardrail-checks';
import { GuardrailPolicyEntity } from './guardrail-policy.entity';
import { GuardrailException } from './guardrail.exception';
import type { ApplyNote as Note } from '../config-apply/apply-note';

/**
 * Upserts a workspace's declared guardrail policies (matched by name), after its routes and
 * keys were applied. A declared policy's `attach` is its whole set of attachments; policies
 * the config does not name are left alone.
 */
export async function applyGuardrails(
  manager: EntityManager,
  ws: WorkspaceEntity,
  specs: GuardrailConfigInput[],
  vault: CredentialsVault,
  note: Note,
): Promise<void> {
  for (const spec of specs) {
    const where = `workspaces[${ws.slug}].guardrails[${spec.name}]`;
    const action = spec.action ?? 'deny';
    let checks;
    try {
      checks = normalizeChecks(spec.checks, action);
    } catch (err) {
      if (!(err instanceof GuardrailException)) throw err;
      throw invalidConfig(`${where}: ${err.message}`);
    }
    let policy = await manager.findOne(GuardrailPolicyEntity, {
      where: { workspaceId: ws.id, name: spec.name },
    });
    const id = policy?.id ?? randomUUID();
    try {
      checks = sealWebhookHeaders(vault, id, checks, policy?.checks ?? null);
    } catch (err) {
      if (!(err instanceof GuardrailException)) throw err;
      throw invalidConfig(`${where}: ${err.message}`);
    }
    const fields = { stage: spec.stage ?? 'both', mode: spec.mode ?? 'sync', action, checks };
    if (!policy) {
      policy = await manager.save(
        manager.create(GuardrailPolicyEntity, {
          id,
          workspaceId: ws.id,
          name: spec.name,
          ...fields,
        }),
      );
      note('guardrail', ws.slug, spec.name, 'created');
    } else if (
      policy.stage === fields.stage &&
      policy.mode === fields.mode &&
      policy.action === fields.action &&
      canonicalJson(policy.checks) === canonicalJson(checks)
    ) {
      note('guardrail', ws.slug, spec.name, 'unchanged');
    } else {
      Object.assign(policy, fields);
      policy = await manager.save(policy);
      note('guardrail', ws.slug, spec.name, 'updated');
    }
    await applyAttachments(manager, ws, policy, spec, where, note);
  }
}

async function applyAttachments(
  manager: EntityManager,
  ws: WorkspaceEntity,
  policy: GuardrailPolicyEntity,
  spec: GuardrailConfigInput,
  where: string,
  note: Note,
): Promise<void> {
  const wanted: { keyId: string | null; routeId: string | null; label: string }[] = [];
  if (spec.attach?.workspace) wanted.push({ keyId: null, routeId: null, label: 'workspace' });
  for (const name of spec.attach?.keys ?? []) {
    const key = await manager.findOne(VirtualKeyEntity, {
      where: { workspaceId: ws.id, name },
      select: { id: true },
    });
    if (!key) throw invalidConfig(`${where}.attach.keys: no key named "${name}" in workspace ${ws.slug}`);
    wanted.push({ keyId: key.id, routeId: null, label: `key:${name}` });
  }
  for (const alias of spec.attach?.routes ?? []) {
    const route = await manager.findOne(RouteEntity, {
      where: { workspaceId: ws.id, alias },
      select: { id: true },
    });
    if (!route) throw invalidConfig(`${where}.attach.routes: no route "${alias}" in workspace ${ws.slug}`);
    wanted.push({ keyId: null, routeId: route.id, label: `route:${alias}` });
  }
  const existing = await manager.find(GuardrailAttachmentEntity, { where: { policyId: policy.id } });
  const same = (a: { keyId: string | null; routeId: string | null }, b: typeof a) =>
    a.keyId === b.keyId && a.routeId === b.routeId;
  for (const w of wanted) {
    const name = `${policy.name}/${w.label}`;
    if (existing.some((e) => same(e, w))) {
      note('guardrail-attachment', ws.slug, name, 'unchanged');
      continue;
    }
    if (wanted.filter((x) => same(x, w)).length > 1) continue;
    await manager.save(
      manager.create(GuardrailAttachmentEntity, {
        id: randomUUID(),
        policyId: policy.id,
        workspaceId: ws.id,
        keyId: w.keyId,
        routeId: w.routeId,
      }),
    );
    note('guardrail-attachment', ws.slug, name, 'created');
  }
  for (const e of existing) {
    if (wanted.some((w) => same(e, w))) continue;
    await manager.delete(GuardrailAttachmentEntity, { id: e.id });
    note('guardrail-attachment', ws.slug, `${policy.name}/detached`, 'updated');
  }
}
