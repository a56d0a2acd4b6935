import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  GUARDRAIL_CHECKS,
  tryGuardrailPolicy,
  type GuardrailAction,
  type TryResult,
} from '@switchyard/proto';
import { randomUUID } from 'node:crypto';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { uniqueViolation } from '../database/postgres-errors';
import { RouteEntity } from '../routes/route.entity';
import { ConfigChangeRunner } from '../snapshots/config-change.service';
import { VirtualKeyEntity } from '../virtual-keys/virtual-key.entity';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type {
  CreateGuardrailPolicyInput,
  DeleteGuardrailPolicyInput,
  GuardrailAttachmentInput,
  TryGuardrailPolicyInput,
  UpdateGuardrailPolicyInput,
} from './dtos/guardrail.inputs';
import { GuardrailAttachmentEntity } from './guardrail-attachment.entity';
import { CredentialsVault } from '../crypto/credentials-vault.service';
import { normalizeChecks, sealWebhookHeaders } from './guardrail-checks';
import { GuardrailPolicyEntity } from './guardrail-policy.entity';
import { toSnapshotPolicy } from './guardrail-snapshot';
import { GuardrailException, GuardrailExceptionCode, guardrailPolicyNotFound } from './guardrail.exception';

@Injectable()
export class GuardrailsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: ConfigChangeRunner,
    private readonly workspaces: WorkspacesService,
    private readonly vault: CredentialsVault,
  ) {}

  async list(workspaceId: string): Promise<GuardrailPolicyEntity[]> {
    await this.workspaces.get(workspaceId);
    return this.dataSource.manager.find(GuardrailPolicyEntity, {
      where: { workspaceId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async get(manager: EntityManager, workspaceId: string, id: string): Promise<GuardrailPolicyEntity> {
    const policy = await manager.findOne(GuardrailPolicyEntity, { where: { id, workspaceId } });
    if (!policy) throw guardrailPolicyNotFound(id);
    return policy;
  }

  /** Attachments of the given policies, grouped by policy id. */
  async attachmentsOf(policyIds: string[]): Promise<Map<string, GuardrailAttachmentEntity[]>> {
    const rows = policyIds.length
      ? await this.dataSource.manager.find(GuardrailAttachmentEntity, {
          where: { policyId: In(policyIds) },
          order: { createdAt: 'ASC', id: 'ASC' },
        })
      : [];
    const out = new Map<string, GuardrailAttachmentEntity[]>();
    for (const a of rows) out.set(a.policyId, [...(out.get(a.policyId) ?? []), a]);
    return out;
  }

  async create(input: CreateGuardrailPolicyInput): Promise<GuardrailPolicyEntity> {
    return this.changes.run(async (manager) => {
      await this.workspaces.get(input.workspaceId, manager);
      const action = input.action ?? 'deny';
      const id = randomUUID();
      const policy = manager.create(GuardrailPolicyEntity, {
        id,
        workspaceId: input.workspaceId,
        name: input.name,
        stage: input.stage ?? 'both',
        mode: input.mode ?? 'sync',
        action,
        checks: sealWebhookHeaders(this.vault, id, normalizeChecks(input.checks, action), null),
      });
      return this.save(manager, policy);
    });
  }

  async update(input: UpdateGuardrailPolicyInput): Promise<GuardrailPolicyEntity> {
    return this.changes.run(async (manager) => {
      const policy = await this.get(manager, input.workspaceId, input.id);
      if (input.name != null) policy.name = input.name;
      if (input.stage != null) policy.stage = input.stage;
      if (input.mode != null) policy.mode = input.mode;
      if (input.action != null) policy.action = input.action;
      policy.checks = sealWebhookHeaders(
        this.vault,
        policy.id,
        normalizeChecks(input.checks ?? policy.checks, policy.action),
        policy.checks,
      );
      return this.save(manager, policy);
    });
  }

  /** Removes the policy and every attachment of it. */
  async delete(input: DeleteGuardrailPolicyInput): Promise<GuardrailPolicyEntity> {
    return this.changes.run(async (manager) => {
      const policy = await this.get(manager, input.workspaceId, input.id);
      await manager.delete(GuardrailPolicyEntity, { id: policy.id, workspaceId: policy.workspaceId });
      return policy;
    });
  }

  /** Applies a policy to the workspace, a key or a route; attaching twice returns the existing attachment. */
  async attach(input: GuardrailAttachmentInput): Promise<GuardrailAttachmentEntity> {
    return this.changes.run(async (manager) => {
      const existing = await this.findAttachment(manager, input);
      if (existing) return existing;
      return manager.save(
        manager.create(GuardrailAttachmentEntity, {
          id: randomUUID(),
          policyId: input.policyId,
          workspaceId: input.workspaceId,
          keyId: input.keyId ?? null,
          routeId: input.routeId ?? null,
        }),
      );
    });
  }

  async detach(input: GuardrailAttachmentInput): Promise<GuardrailAttachmentEntity> {
    return this.changes.run(async (manager) => {
      const existing = await this.findAttachment(manager, input);
      if (!existing) {
        throw new GuardrailException(
          `Guardrail policy ${input.policyId} is not attached there`,
          GuardrailExceptionCode.ATTACHMENT_NOT_FOUND,
        );
      }
      await manager.delete(GuardrailAttachmentEntity, { id: existing.id });
      return existing;
    });
  }

  /** Runs a stored policy, or unsaved checks, on sample text with the gateway's own check code. */
  async tryPolicy(input: TryGuardrailPolicyInput): Promise<TryResult> {
    await this.workspaces.get(input.workspaceId);
    let policy;
    if (input.policyId) {
      policy = toSnapshotPolicy(
        await this.get(this.dataSource.manager, input.workspaceId, input.policyId),
        this.vault,
      );
    } else if (input.checks) {
      const action = (input.action ?? 'deny') as GuardrailAction;
      policy = {
        id: 'try',
        workspaceId: input.workspaceId,
        name: 'try',
        stage: 'both' as const,
        mode: 'sync' as const,
        action,
        checks: normalizeChecks(input.checks, action),
      };
    } else {
      throw new GuardrailException('Give a policyId or checks to try', GuardrailExceptionCode.INVALID_CHECKS);
    }
    const stage = input.stage as 'input' | 'output';
    return tryGuardrailPolicy(policy, stage, {
      text: input.text,
      model: input.model,
      metadata: input.metadata,
      maxTokens: null,
      messageCount: 1,
    });
  }

  checkTypes() {
    return Object.entries(GUARDRAIL_CHECKS).map(([type, d]) => ({
      type,
      description: d.description,
      stages: [...d.stages],
      redacts: d.redacts,
      external: d.external === true,
    }));
  }

  async save(manager: EntityManager, policy: GuardrailPolicyEntity): Promise<GuardrailPolicyEntity> {
    try {
      return await manager.save(policy);
    } catch (error) {
      if (uniqueViolation(error)) {
        throw new GuardrailException(
          `A guardrail policy named "${policy.name}" already exists in this workspace`,
          GuardrailExceptionCode.NAME_TAKEN,
        );
      }
      throw error;
    }
  }

  /** Checks the policy, key and route all belong to the workspace; returns the matching attachment, if any. */
  async findAttachment(
    manager: EntityManager,
    input: GuardrailAttachmentInput,
  ): Promise<GuardrailAttachmentEntity | null> {
    const { workspaceId } = input;
    await this.get(manager, workspaceId, input.policyId);
    const invalid = (message: string) =>
      new GuardrailException(message, GuardrailExceptionCode.INVALID_ATTACHMENT);
    if (input.keyId && input.routeId)
      throw invalid('Attach a policy to a key or to a route, not both at once');
    if (
      input.keyId &&
      !(await manager.findOne(VirtualKeyEntity, { where: { id: input.keyId, workspaceId } }))
    )
      throw invalid(`Virtual key ${input.keyId} is not a key of this workspace`);
    if (input.routeId && !(await manager.findOne(RouteEntity, { where: { id: input.routeId, workspaceId } })))
      throw invalid(`Route ${input.routeId} is not a route of this workspace`);
    return manager.findOne(GuardrailAttachmentEntity, {
      where: {
        policyId: input.policyId,
        workspaceId,
        keyId: input.keyId ? input.keyId : IsNull(),
        routeId: input.routeId ? input.routeId : IsNull(),
      },
    });
  }
}
