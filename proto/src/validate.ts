import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { snapshotHash } from './canonical';
import type { Snapshot } from './snapshot';
import { snapshotSchema } from './snapshot-schema';

const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const checkShape = ajv.compile<Snapshot>(snapshotSchema);

/** The outcome of `validateSnapshot`: the typed snapshot, or every reason it is unusable. */
export type SnapshotValidation = { ok: true; snapshot: Snapshot } | { ok: false; errors: string[] };

/**
 * Checks a snapshot's shape, that every reference inside it resolves, that names which
 * must be unique are, and that its hash matches its content. Run by the control plane
 * before publishing and by every node before applying.
 */
export function validateSnapshot(value: unknown): SnapshotValidation {
  if (!checkShape(value)) {
    const errors = (checkShape.errors ?? []).map(
      (e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`,
    );
    return { ok: false, errors };
  }
  const { content } = value;
  const errors: string[] = [];
  const unique = (what: string, values: string[]) => {
    const seen = new Set<string>();
    for (const v of values) {
      if (seen.has(v)) errors.push(`duplicate ${what} ${v}`);
      seen.add(v);
    }
    return seen;
  };
  const workspaces = unique(
    'workspace id',
    content.workspaces.map((w) => w.id),
  );
  unique(
    'workspace slug',
    content.workspaces.map((w) => w.slug),
  );
  const providers = new Map(content.providers.map((p) => [p.id, p]));
  unique(
    'provider id',
    content.providers.map((p) => p.id),
  );
  const routes = new Map(content.routes.map((r) => [r.id, r]));
  unique(
    'route id',
    content.routes.map((r) => r.id),
  );
  unique(
    'route alias',
    content.routes.map((r) => `${r.workspaceId}/${r.alias}`),
  );
  unique(
    'key id',
    content.keys.map((k) => k.id),
  );
  unique(
    'key hash',
    content.keys.map((k) => k.hash),
  );

  for (const p of content.providers) {
    if (!workspaces.has(p.workspaceId))
      errors.push(`provider ${p.id} names unknown workspace ${p.workspaceId}`);
  }
  for (const r of content.routes) {
    if (!workspaces.has(r.workspaceId)) errors.push(`route ${r.id} names unknown workspace ${r.workspaceId}`);
    for (const t of r.targets) {
      const p = providers.get(t.providerId);
      if (!p) errors.push(`route ${r.id} targets unknown provider ${t.providerId}`);
      else if (p.workspaceId !== r.workspaceId)
        errors.push(`route ${r.id} targets provider ${p.id} of another workspace`);
    }
  }
  for (const k of content.keys) {
    if (!workspaces.has(k.workspaceId)) errors.push(`key ${k.id} names unknown workspace ${k.workspaceId}`);
    for (const routeId of k.allowedRouteIds ?? []) {
      const r = routes.get(routeId);
      if (!r) errors.push(`key ${k.id} allows unknown route ${routeId}`);
      else if (r.workspaceId !== k.workspaceId)
        errors.push(`key ${k.id} allows route ${routeId} of another workspace`);
    }
  }
  const expected = snapshotHash(content);
  if (value.hash !== expected) errors.push(`hash ${value.hash} does not match content (${expected})`);
  return errors.length ? { ok: false, errors } : { ok: true, snapshot: value };
}
