import type { SnapshotPrompt } from '@switchyard/proto';
import type { EntityManager } from 'typeorm';
import { PromptLabelEntity } from './prompt-label.entity';
import { PromptVersionEntity } from './prompt-version.entity';
import { PromptEntity } from './prompt.entity';

/**
 * How many of a prompt's newest versions nodes serve besides the labeled ones. Every
 * version stays in Postgres (and in GraphQL), but the snapshot is published whole to every
 * node on each config change and held in their memory, so a template's history must not
 * grow it without bound: a node serves the labeled versions and the newest few, enough to
 * try a fresh version by number before a label moves to it. Older unlabeled versions answer 404.
 */
export const SERVED_RECENT_VERSIONS = 10;

/** Whether a node serves `version` of a prompt whose newest is `latest`. */
export function isServed(version: number, latest: number, labeled: ReadonlySet<number>): boolean {
  return version > latest - SERVED_RECENT_VERSIONS || labeled.has(version);
}

/** The prompts of a snapshot with the versions nodes serve; left out when there are none. */
export async function compilePrompts(manager: EntityManager): Promise<{ prompts?: SnapshotPrompt[] }> {
  const prompts = await manager.find(PromptEntity, { order: { id: 'ASC' } });
  if (!prompts.length) return {};
  const [labels, versions] = await Promise.all([
    manager.find(PromptLabelEntity, { order: { promptId: 'ASC', label: 'ASC' } }),
    manager
      .createQueryBuilder(PromptVersionEntity, 'v')
      .where(
        `v.version > (SELECT max(n.version) FROM prompt_versions n WHERE n.prompt_id = v.prompt_id) - :recent
         OR EXISTS (SELECT 1 FROM prompt_labels l WHERE l.prompt_id = v.prompt_id AND l.version = v.version)`,
        { recent: SERVED_RECENT_VERSIONS },
      )
      .orderBy('v.prompt_id', 'ASC')
      .addOrderBy('v.version', 'ASC')
      .getMany(),
  ]);
  const labelsOf = new Map<string, Record<string, number>>();
  for (const l of labels) labelsOf.set(l.promptId, { ...labelsOf.get(l.promptId), [l.label]: l.version });
  const versionsOf = new Map<string, PromptVersionEntity[]>();
  for (const v of versions) versionsOf.set(v.promptId, [...(versionsOf.get(v.promptId) ?? []), v]);
  const out: SnapshotPrompt[] = [];
  for (const p of prompts) {
    const served = versionsOf.get(p.id);
    // A prompt without versions has nothing to serve yet.
    if (!served) continue;
    const promptLabels = labelsOf.get(p.id);
    out.push({
      id: p.id,
      workspaceId: p.workspaceId,
      slug: p.slug,
      name: p.name,
      versions: served.map((v) => ({
        version: v.version,
        model: v.model,
        messages: v.messages.map((m) => ({ role: m.role, content: m.content })),
        ...(Object.keys(v.params).length ? { params: v.params } : {}),
        variables: v.variables,
      })),
      ...(promptLabels ? { labels: promptLabels } : {}),
    });
  }
  return out.length ? { prompts: out } : {};
}
