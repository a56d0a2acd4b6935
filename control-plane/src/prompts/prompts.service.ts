import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { uniqueViolation } from '../database/postgres-errors';
import { ConfigChangeRunner } from '../snapshots/config-change.service';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type {
  CreatePromptInput,
  CreatePromptVersionInput,
  DeletePromptInput,
  RemovePromptLabelInput,
  SetPromptLabelInput,
  UpdatePromptInput,
} from './dtos/prompt.inputs';
import { PromptLabelEntity } from './prompt-label.entity';
import { PromptVersionEntity } from './prompt-version.entity';
import {
  checkPromptLabel,
  checkPromptRoute,
  checkPromptSlug,
  checkPromptVersion,
  type PromptVersionFields,
} from './prompt-version-spec';
import { PromptEntity } from './prompt.entity';
import { PromptException, PromptExceptionCode, promptNotFound } from './prompt.exception';

@Injectable()
export class PromptsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: ConfigChangeRunner,
    private readonly workspaces: WorkspacesService,
  ) {}

  async list(workspaceId: string): Promise<PromptEntity[]> {
    await this.workspaces.get(workspaceId);
    return this.dataSource.manager.find(PromptEntity, {
      where: { workspaceId },
      order: { slug: 'ASC' },
    });
  }

  async get(workspaceId: string, id: string, manager = this.dataSource.manager): Promise<PromptEntity> {
    const prompt = await manager.findOne(PromptEntity, { where: { id, workspaceId } });
    if (!prompt) throw promptNotFound(id);
    return prompt;
  }

  /** Labels of the given prompts, grouped by prompt id, by name. */
  async labelsOf(promptIds: string[]): Promise<Map<string, PromptLabelEntity[]>> {
    const rows = promptIds.length
      ? await this.dataSource.manager.find(PromptLabelEntity, {
          where: { promptId: In(promptIds) },
          order: { label: 'ASC' },
        })
      : [];
    const out = new Map<string, PromptLabelEntity[]>();
    for (const l of rows) out.set(l.promptId, [...(out.get(l.promptId) ?? []), l]);
    return out;
  }

  /** The newest version number of each prompt (absent: none yet). */
  async latestOf(promptIds: string[]): Promise<Map<string, number>> {
    if (!promptIds.length) return new Map();
    const rows: { prompt_id: string; latest: number }[] = await this.dataSource.query(
      `SELECT prompt_id, max(version) AS latest FROM prompt_versions WHERE prompt_id = ANY($1::uuid[]) GROUP BY prompt_id`,
      [promptIds],
    );
    return new Map(rows.map((r) => [r.prompt_id, Number(r.latest)]));
  }

  /** Every version of a prompt, newest first. */
  async versionsOf(promptId: string): Promise<PromptVersionEntity[]> {
    return this.dataSource.manager.find(PromptVersionEntity, {
      where: { promptId },
      order: { version: 'DESC' },
    });
  }

  async create(input: CreatePromptInput, actor: string): Promise<PromptEntity> {
    checkPromptSlug(input.slug);
    return this.changes.run(async (manager) => {
      await this.workspaces.get(input.workspaceId, manager);
      const prompt = await this.save(
        manager,
        manager.create(PromptEntity, {
          id: randomUUID(),
          workspaceId: input.workspaceId,
          slug: input.slug,
          name: input.name,
          description: input.description ?? null,
        }),
      );
      if (input.version) {
        const version = await this.addVersion(manager, prompt, input.version, actor);
        for (const label of input.version.labels ?? [])
          await this.putLabel(manager, prompt, label, version, actor);
      }
      return prompt;
    });
  }

  async update(input: UpdatePromptInput): Promise<PromptEntity> {
    return this.changes.run(async (manager) => {
      const prompt = await this.get(input.workspaceId, input.id, manager);
      if (input.name != null) prompt.name = input.name;
      if (input.description !== undefined) prompt.description = input.description;
      return manager.save(prompt);
    });
  }

  async delete(input: DeletePromptInput): Promise<PromptEntity> {
    return this.changes.run(async (manager) => {
      const prompt = await this.get(input.workspaceId, input.id, manager);
      await manager.delete(PromptEntity, { id: prompt.id, workspaceId: prompt.workspaceId });
      return prompt;
    });
  }

  /** Adds the next version (and points the given labels at it). Existing versions are never touched. */
  async createVersion(input: CreatePromptVersionInput, actor: string): Promise<PromptVersionEntity> {
    return this.changes.run(async (manager) => {
      const prompt = await this.get(input.workspaceId, input.promptId, manager);
      const version = await this.addVersion(manager, prompt, input, actor);
      for (const label of input.labels ?? [])
        await this.putLabel(manager, prompt, label, version.version, actor);
      return version;
    });
  }

  async setLabel(input: SetPromptLabelInput, actor: string): Promise<PromptEntity> {
    checkPromptLabel(input.label);
    return this.changes.run(async (manager) => {
      const prompt = await this.get(input.workspaceId, input.promptId, manager);
      await this.putLabel(manager, prompt, input.label, input.version, actor);
      return prompt;
    });
  }

  async removeLabel(input: RemovePromptLabelInput): Promise<PromptEntity> {
    return this.changes.run(async (manager) => {
      const prompt = await this.get(input.workspaceId, input.promptId, manager);
      const { affected } = await manager.delete(PromptLabelEntity, {
        promptId: prompt.id,
        label: input.label,
      });
      if (!affected) {
        throw new PromptException(
          `Prompt ${prompt.slug} has no label "${input.label}"`,
          PromptExceptionCode.LABEL_NOT_FOUND,
        );
      }
      return prompt;
    });
  }

  /**
   * Inserts the prompt's next version after checking its template and route. The prompt row is
   * locked first, so concurrent writers get consecutive numbers instead of a conflict.
   */
  async addVersion(
    manager: EntityManager,
    prompt: PromptEntity,
    fields: PromptVersionFields,
    actor: string,
  ): Promise<PromptVersionEntity> {
    const spec = checkPromptVersion(fields);
    await checkPromptRoute(manager, prompt.workspaceId, spec.model);
    await manager.query('SELECT 1 FROM prompts WHERE id = $1 FOR UPDATE', [prompt.id]);
    const [{ latest }] = (await manager.query(
      'SELECT coalesce(max(version), 0) AS latest FROM prompt_versions WHERE prompt_id = $1',
      [prompt.id],
    )) as { latest: number }[];
    return manager.save(
      manager.create(PromptVersionEntity, {
        id: randomUUID(),
        promptId: prompt.id,
        workspaceId: prompt.workspaceId,
        version: Number(latest) + 1,
        ...spec,
        createdBy: actor,
      }),
    );
  }

  /** Creates or moves a label; the version must exist. */
  async putLabel(
    manager: EntityManager,
    prompt: PromptEntity,
    label: string,
    version: number | PromptVersionEntity,
    actor: string,
  ): Promise<void> {
    checkPromptLabel(label);
    const number = typeof version === 'number' ? version : version.version;
    const exists = await manager.findOne(PromptVersionEntity, {
      where: { promptId: prompt.id, version: number },
      select: { id: true },
    });
    if (!exists) {
      throw new PromptException(
        `Prompt ${prompt.slug} has no version ${number}`,
        PromptExceptionCode.VERSION_NOT_FOUND,
      );
    }
    await manager.upsert(
      PromptLabelEntity,
      { promptId: prompt.id, label, version: number, workspaceId: prompt.workspaceId, updatedBy: actor },
      ['promptId', 'label'],
    );
  }

  async save(manager: EntityManager, prompt: PromptEntity): Promise<PromptEntity> {
    try {
      return await manager.save(prompt);
    } catch (error) {
      if (uniqueViolation(error)) {
        throw new PromptException(
          `A prompt with slug "${prompt.slug}" already exists in this workspace`,
          PromptExceptionCode.SLUG_TAKEN,
        );
      }
      throw error;
    }
  }
}
