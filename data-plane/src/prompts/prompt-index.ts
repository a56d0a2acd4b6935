import {
  LATEST_PROMPT_LABEL,
  parsePromptTemplate,
  type ParsedPromptTemplate,
  type Snapshot,
} from '@switchyard/proto';

/** One version of a prompt, its template parsed once per snapshot. */
export interface CompiledPromptVersion {
  version: number;
  /** The route alias the rendered request goes to. */
  model: string;
  params: Readonly<Record<string, unknown>>;
  /** Names a render must be given. */
  variables: readonly string[];
  template: ParsedPromptTemplate;
}

/** A prompt template as a node serves it. */
export interface CompiledPrompt {
  id: string;
  slug: string;
  workspaceId: string;
  versions: ReadonlyMap<number, CompiledPromptVersion>;
  labels: ReadonlyMap<string, number>;
  /** The newest version the snapshot carries. */
  latest: CompiledPromptVersion;
}

/** The label used when a request names neither a label nor a version (else the newest version). */
export const DEFAULT_PROMPT_LABEL = 'production';

/**
 * The prompt templates of a snapshot, per workspace, by id and by slug, with every template
 * parsed when the snapshot is applied (a request costs map lookups and a render).
 */
export class PromptIndex {
  private readonly byWorkspace = new Map<string, Map<string, CompiledPrompt>>();

  constructor(snapshot: Snapshot) {
    for (const p of snapshot.content.prompts ?? []) {
      const versions = new Map<number, CompiledPromptVersion>();
      for (const v of p.versions) {
        versions.set(v.version, {
          version: v.version,
          model: v.model,
          params: v.params ?? {},
          variables: v.variables,
          template: parsePromptTemplate(v.messages),
        });
      }
      const prompt: CompiledPrompt = {
        id: p.id,
        slug: p.slug,
        workspaceId: p.workspaceId,
        versions,
        labels: new Map(Object.entries(p.labels ?? {})),
        latest: versions.get(p.versions[p.versions.length - 1].version)!,
      };
      let refs = this.byWorkspace.get(p.workspaceId);
      if (!refs) this.byWorkspace.set(p.workspaceId, (refs = new Map()));
      // Slugs are never id-shaped (validation), so one map serves both.
      refs.set(p.id, prompt);
      refs.set(p.slug, prompt);
    }
  }

  /** The prompt `ref` (id or slug) of `workspaceId`, or undefined: another workspace's prompt is never found. */
  find(workspaceId: string, ref: string): CompiledPrompt | undefined {
    return this.byWorkspace.get(workspaceId)?.get(ref);
  }
}

/** The version a request asks for: by number, by label (`latest` is the newest), else the default label or the newest. */
export function selectVersion(
  prompt: CompiledPrompt,
  selector: { label: string | null; version: number | null },
): CompiledPromptVersion | undefined {
  if (selector.version !== null) return prompt.versions.get(selector.version);
  if (selector.label !== null) {
    if (selector.label === LATEST_PROMPT_LABEL) return prompt.latest;
    const n = prompt.labels.get(selector.label);
    return n === undefined ? undefined : prompt.versions.get(n);
  }
  const n = prompt.labels.get(DEFAULT_PROMPT_LABEL);
  return n === undefined ? prompt.latest : prompt.versions.get(n);
}
