import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { Role } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { WorkspaceScopeArgs } from '../workspaces/dtos/workspace.inputs';
import { PromptDto, PromptVersionDto } from './dtos/prompt.dto';
import {
  CreatePromptInput,
  CreatePromptVersionInput,
  DeletePromptInput,
  PromptArgs,
  RemovePromptLabelInput,
  SetPromptLabelInput,
  UpdatePromptInput,
} from './dtos/prompt.inputs';
import type { PromptLabelEntity } from './prompt-label.entity';
import { isServed } from './prompt-snapshot';
import type { PromptVersionEntity } from './prompt-version.entity';
import type { PromptEntity } from './prompt.entity';
import { PromptsService } from './prompts.service';

/** Who wrote a version or moved a label, for the record. */
function actor(req: AuthenticatedRequest): string {
  return req.principal?.id ?? 'unknown';
}

@Resolver(() => PromptDto)
export class PromptsResolver {
  constructor(private readonly service: PromptsService) {}

  @Roles(Role.Viewer)
  @Query(() => [PromptDto])
  async prompts(@Args() args: WorkspaceScopeArgs): Promise<PromptDto[]> {
    return this.dtos(await this.service.list(args.workspaceId));
  }

  @Roles(Role.Viewer)
  @Query(() => PromptDto)
  async prompt(@Args() args: PromptArgs): Promise<PromptDto> {
    return (await this.dtos([await this.service.get(args.workspaceId, args.id)]))[0];
  }

  @Roles(Role.Viewer)
  @ResolveField(() => [PromptVersionDto], { description: 'Every version, newest first.' })
  async versions(@Parent() prompt: PromptDto): Promise<PromptVersionDto[]> {
    const versions = await this.service.versionsOf(prompt.id);
    return versions.map((v) => versionDto(v, prompt.labels, versions[0]?.version ?? 0));
  }

  @Roles(Role.Admin)
  @Mutation(() => PromptDto, {
    description: 'A new prompt template, with version 1 when `version` is given.',
  })
  async createPrompt(
    @Args('input') input: CreatePromptInput,
    @Context('req') req: AuthenticatedRequest,
  ): Promise<PromptDto> {
    return this.dto(await this.service.create(input, actor(req)));
  }

  @Roles(Role.Admin)
  @Mutation(() => PromptDto)
  async updatePrompt(@Args('input') input: UpdatePromptInput): Promise<PromptDto> {
    return this.dto(await this.service.update(input));
  }

  @Roles(Role.Admin)
  @Mutation(() => PromptDto, { description: 'Removes the prompt with every version and label.' })
  async deletePrompt(@Args('input') input: DeletePromptInput): Promise<PromptDto> {
    const prompt = await this.service.delete(input);
    return { ...base(prompt), latestVersion: null, labels: [] };
  }

  @Roles(Role.Admin)
  @Mutation(() => PromptVersionDto, {
    description: 'Adds the next version (existing versions never change), optionally pointing labels at it.',
  })
  async createPromptVersion(
    @Args('input') input: CreatePromptVersionInput,
    @Context('req') req: AuthenticatedRequest,
  ): Promise<PromptVersionDto> {
    const version = await this.service.createVersion(input, actor(req));
    const labels = (await this.service.labelsOf([version.promptId])).get(version.promptId) ?? [];
    return versionDto(version, labels.map(labelDto), version.version);
  }

  @Roles(Role.Admin)
  @Mutation(() => PromptDto, { description: 'Points a label at a version, creating or moving it.' })
  async setPromptLabel(
    @Args('input') input: SetPromptLabelInput,
    @Context('req') req: AuthenticatedRequest,
  ): Promise<PromptDto> {
    return this.dto(await this.service.setLabel(input, actor(req)));
  }

  @Roles(Role.Admin)
  @Mutation(() => PromptDto)
  async removePromptLabel(@Args('input') input: RemovePromptLabelInput): Promise<PromptDto> {
    return this.dto(await this.service.removeLabel(input));
  }

  private async dto(prompt: PromptEntity): Promise<PromptDto> {
    return (await this.dtos([prompt]))[0];
  }

  private async dtos(prompts: PromptEntity[]): Promise<PromptDto[]> {
    const ids = prompts.map((p) => p.id);
    const [labels, latest] = await Promise.all([this.service.labelsOf(ids), this.service.latestOf(ids)]);
    return prompts.map((p) => ({
      ...base(p),
      latestVersion: latest.get(p.id) ?? null,
      labels: (labels.get(p.id) ?? []).map(labelDto),
    }));
  }
}

function base(p: PromptEntity): Omit<PromptDto, 'latestVersion' | 'labels'> {
  return {
    id: p.id,
    workspaceId: p.workspaceId,
    slug: p.slug,
    name: p.name,
    description: p.description,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

function labelDto(l: PromptLabelEntity) {
  return { label: l.label, version: l.version, updatedBy: l.updatedBy, updatedAt: l.updatedAt };
}

function versionDto(
  v: PromptVersionEntity,
  labels: { label: string; version: number }[],
  latest: number,
): PromptVersionDto {
  const labeled = new Set(labels.map((l) => l.version));
  return {
    promptId: v.promptId,
    version: v.version,
    model: v.model,
    messages: v.messages.map((m) => ({ role: m.role, content: m.content })),
    params: v.params,
    variables: v.variables,
    optionalVariables: v.optionalVariables,
    labels: labels.filter((l) => l.version === v.version).map((l) => l.label),
    served: isServed(v.version, latest, labeled),
    createdBy: v.createdBy,
    createdAt: v.createdAt,
  };
}
