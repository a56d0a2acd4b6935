import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GuardrailVerdict, TryResult } from '@switchyard/proto';
import { Role } from '../auth/principal';
import { Roles, Unscoped } from '../auth/roles.decorator';
import { WorkspaceScopeArgs } from '../workspaces/dtos/workspace.inputs';
import {
  GuardrailAttachmentDto,
  GuardrailCheckTypeDto,
  GuardrailPolicyDto,
  GuardrailTryResultDto,
  type GuardrailVerdictDto,
} from './dtos/guardrail.dto';
import {
  CreateGuardrailPolicyInput,
  DeleteGuardrailPolicyInput,
  GuardrailAttachmentInput,
  TryGuardrailPolicyInput,
  UpdateGuardrailPolicyInput,
} from './dtos/guardrail.inputs';
import type { GuardrailAttachmentEntity } from './guardrail-attachment.entity';
import type { GuardrailPolicyEntity } from './guardrail-policy.entity';
import { maskWebhookHeaders } from './guardrail-checks';
import { GuardrailsService } from './guardrails.service';

function attachmentDto(a: GuardrailAttachmentEntity): GuardrailAttachmentDto {
  return { id: a.id, policyId: a.policyId, workspaceId: a.workspaceId, keyId: a.keyId, routeId: a.routeId };
}

function verdictDto(v: GuardrailVerdict): GuardrailVerdictDto {
  return { policy: v.policy, check: v.check, stage: v.stage, verdict: v.verdict, detail: v.detail ?? null };
}

@Resolver(() => GuardrailPolicyDto)
export class GuardrailsResolver {
  constructor(private readonly guardrails: GuardrailsService) {}

  @Roles(Role.Viewer)
  @Query(() => [GuardrailPolicyDto])
  async guardrailPolicies(@Args() args: WorkspaceScopeArgs): Promise<GuardrailPolicyDto[]> {
    return this.dtos(await this.guardrails.list(args.workspaceId));
  }

  @Roles(Role.Viewer)
  @Unscoped()
  @Query(() => [GuardrailCheckTypeDto], { description: 'The native check catalogue.' })
  guardrailCheckTypes(): GuardrailCheckTypeDto[] {
    return this.guardrails.checkTypes();
  }

  @Roles(Role.Member)
  @Query(() => GuardrailTryResultDto, {
    description: 'Runs a policy (or unsaved checks) on sample text with the same code as the gateway.',
  })
  async tryGuardrailPolicy(@Args('input') input: TryGuardrailPolicyInput): Promise<GuardrailTryResultDto> {
    const result: TryResult = await this.guardrails.tryPolicy(input);
    return {
      verdicts: result.verdicts.map(verdictDto),
      denied: result.denied ? verdictDto(result.denied) : null,
      text: result.text,
    };
  }

  @Roles(Role.Admin)
  @Mutation(() => GuardrailPolicyDto)
  async createGuardrailPolicy(@Args('input') input: CreateGuardrailPolicyInput): Promise<GuardrailPolicyDto> {
    return (await this.dtos([await this.guardrails.create(input)]))[0];
  }

  @Roles(Role.Admin)
  @Mutation(() => GuardrailPolicyDto)
  async updateGuardrailPolicy(@Args('input') input: UpdateGuardrailPolicyInput): Promise<GuardrailPolicyDto> {
    return (await this.dtos([await this.guardrails.update(input)]))[0];
  }

  @Roles(Role.Admin)
  @Mutation(() => GuardrailPolicyDto, { description: 'Also removes every attachment of the policy.' })
  async deleteGuardrailPolicy(@Args('input') input: DeleteGuardrailPolicyInput): Promise<GuardrailPolicyDto> {
    const policy = await this.guardrails.delete(input);
    return this.dto(policy, []);
  }

  @Roles(Role.Admin)
  @Mutation(() => GuardrailAttachmentDto, {
    description: 'Applies a policy to its workspace (no keyId, no routeId), a key or a route. Idempotent.',
  })
  async attachGuardrailPolicy(
    @Args('input') input: GuardrailAttachmentInput,
  ): Promise<GuardrailAttachmentDto> {
    return attachmentDto(await this.guardrails.attach(input));
  }

  @Roles(Role.Admin)
  @Mutation(() => GuardrailAttachmentDto)
  async detachGuardrailPolicy(
    @Args('input') input: GuardrailAttachmentInput,
  ): Promise<GuardrailAttachmentDto> {
    return attachmentDto(await this.guardrails.detach(input));
  }

  private async dtos(policies: GuardrailPolicyEntity[]): Promise<GuardrailPolicyDto[]> {
    const attachments = await this.guardrails.attachmentsOf(policies.map((p) => p.id));
    return policies.map((p) => this.dto(p, attachments.get(p.id) ?? []));
  }

  private dto(p: GuardrailPolicyEntity, attachments: GuardrailAttachmentEntity[]): GuardrailPolicyDto {
    return {
      id: p.id,
      workspaceId: p.workspaceId,
      name: p.name,
      stage: p.stage,
      mode: p.mode,
      action: p.action,
      checks: maskWebhookHeaders(p.id, p.checks).map((c) => ({
        name: c.name,
        type: c.type,
        params: c.params,
        action: c.action ?? null,
      })),
      attachments: attachments.map(attachmentDto),
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    };
  }
}
