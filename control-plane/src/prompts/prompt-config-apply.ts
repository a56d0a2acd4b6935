import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { invalidConfig } from '../config-apply/config-apply.exception';
import type { WorkspaceEntity } from '../workspaces/workspace.entity';
import type { PromptConfigInput } from './dtos/prompt-config.input';
import { PromptLabelEntity } from './prompt-label.entity';
import { checkPromptLabel, checkPromptSlug, checkPromptVersion, sameVersion } from './prompt-version-spec';
import { PromptVersionEntity } from './prompt-version.entity';
import { PromptEntity } from './prompt.entity';
import { PromptException } from './prompt.exception';
import type { PromptsService } from './prompts.service';
import type { ApplyNote as Note } from '../config-apply/apply-note';

function invalid(message: string): never {
  throw invalidConfig(message);
}

/** Who config applies write as, in `createdBy` and `updatedBy`. */
const CONFIG_ACTOR = 'config-apply';

/**
 * Upserts a workspace's declared prompts (matched by slug), after its routes were applied.
 * Each declared version is matched by content against the stored ones, so applying the same
 * document twice adds nothing; a changed template becomes the next version (stored ones are
 * never edited). Declared labels are created or moved; labels not declared are left alone.
 */
export async function applyPrompts(
  manager: EntityManager,
  ws: WorkspaceEntity,
  specs: PromptConfigInput[],
  prompts: PromptsService,
  note: Note,
): Promise<void> {
  for (const spec of specs) {
    const where = `workspaces[${ws.slug}].prompts[${spec.slug}]`;
    const refuse = (err: unknown): never => {
      if (err instanceof PromptException) throw new PromptException(`${where}: ${err.message}`, err.code);
      throw err;
    };
    try {
      checkPromptSlug(spec.slug);
    } catch (err) {
      refuse(err);
    }
    const description = spec.description ?? null;
    let prompt = await manager.findOne(PromptEntity, { where: { workspaceId: ws.id, slug: spec.slug } });
    if (!prompt) {
      prompt = await prompts.save(
        manager,
        manager.create(PromptEntity, {
          id: randomUUID(),
          workspaceId: ws.id,
          slug: spec.slug,
          name: spec.name,
          description,
        }),
      );
      note('prompt', ws.slug, spec.slug, 'created');
    } else if (prompt.name !== spec.name || prompt.description !== description) {
      prompt.name = spec.name;
      prompt.description = description;
      prompt = await manager.save(prompt);
      note('prompt', ws.slug, spec.slug, 'updated');
    } else {
      note('prompt', ws.slug, spec.slug, 'unchanged');
    }

    const stored = await manager.find(PromptVersionEntity, {
      where: { promptId: prompt.id },
      order: { version: 'ASC' },
    });
    const labels = new Map<string, number>();
    const declared = new Set<number>();
    for (const [i, entry] of spec.versions.entries()) {
      const at = `versions[${i}]`;
      let version: PromptVersionEntity | undefined;
      try {
        const wanted = checkPromptVersion(entry);
        version = stored.find((v) => sameVersion(v, wanted));
        if (version) note('prompt-version', ws.slug, `${spec.slug}@${version.version}`, 'unchanged');
        else {
          version = await prompts.addVersion(manager, prompt, entry, CONFIG_ACTOR);
          stored.push(version);
          note('prompt-version', ws.slug, `${spec.slug}@${version.version}`, 'created');
        }
        for (const label of entry.labels ?? []) checkPromptLabel(label);
      } catch (err) {
        if (err instanceof PromptException) refuse(new PromptException(`${at}: ${err.message}`, err.code));
        throw err;
      }
      if (declared.has(version.version)) invalid(`${where}.${at} repeats version ${version.version}`);
      declared.add(version.version);
      for (const label of entry.labels ?? []) {
        if (labels.has(label)) invalid(`${where}: label "${label}" is declared on two versions`);
        labels.set(label, version.version);
      }
    }

    const current = await manager.find(PromptLabelEntity, { where: { promptId: prompt.id } });
    for (const [label, version] of labels) {
      const existing = current.find((l) => l.label === label);
      const name = `${spec.slug}:${label}`;
      if (existing?.version === version) {
        note('prompt-label', ws.slug, name, 'unchanged');
        continue;
      }
      await prompts.putLabel(manager, prompt, label, version, CONFIG_ACTOR);
      note('prompt-label', ws.slug, name, existing ? 'updated' : 'created');
    }
  }
}
