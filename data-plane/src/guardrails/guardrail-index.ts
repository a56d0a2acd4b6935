import {
  compilePolicy,
  type CompiledPolicy,
  type ExternalCheckFactory,
  type Snapshot,
} from '@switchyard/proto';

/** The policies one request runs: those of its workspace, then its key's, then its route's. */
export interface GuardrailPipeline {
  policies: readonly CompiledPolicy[];
  hasInput: boolean;
  hasOutput: boolean;
}

const EMPTY: GuardrailPipeline = { policies: [], hasInput: false, hasOutput: false };

/**
 * Guardrail policies of a snapshot, compiled once (regexes, schemas, word lists), and the
 * pipelines of each (key, route) pair, built on first use and kept for the life of the
 * snapshot (so a request costs one map lookup).
 */
export class GuardrailIndex {
  private readonly byWorkspace = new Map<string, CompiledPolicy[]>();
  private readonly byKey = new Map<string, CompiledPolicy[]>();
  private readonly byRoute = new Map<string, CompiledPolicy[]>();
  private readonly pipelines = new Map<string, GuardrailPipeline>();

  constructor(snapshot: Snapshot, external?: ExternalCheckFactory) {
    const { guardrailPolicies = [], guardrailAttachments = [] } = snapshot.content;
    const compiled = new Map(guardrailPolicies.map((p) => [p.id, compilePolicy(p, external)]));
    const add = (map: Map<string, CompiledPolicy[]>, id: string, policy: CompiledPolicy) => {
      const list = map.get(id) ?? [];
      if (!list.includes(policy)) list.push(policy);
      map.set(id, list);
    };
    for (const a of guardrailAttachments) {
      const policy = compiled.get(a.policyId)!;
      if (a.keyId !== null) add(this.byKey, a.keyId, policy);
      else if (a.routeId !== null) add(this.byRoute, a.routeId, policy);
      else add(this.byWorkspace, a.workspaceId, policy);
    }
  }

  get empty(): boolean {
    return this.byWorkspace.size === 0 && this.byKey.size === 0 && this.byRoute.size === 0;
  }

  /** The pipeline of a request by this key on this route (a policy attached twice runs once). */
  pipeline(workspaceId: string, keyId: string, routeId: string): GuardrailPipeline {
    if (this.empty) return EMPTY;
    const id = `${keyId}/${routeId}`;
    let p = this.pipelines.get(id);
    if (p) return p;
    const policies: CompiledPolicy[] = [];
    for (const list of [this.byWorkspace.get(workspaceId), this.byKey.get(keyId), this.byRoute.get(routeId)])
      for (const policy of list ?? []) if (!policies.includes(policy)) policies.push(policy);
    p = {
      policies,
      hasInput: policies.some((x) => x.input.length > 0),
      hasOutput: policies.some((x) => x.output.length > 0),
    };
    this.pipelines.set(id, p);
    return p;
  }
}
