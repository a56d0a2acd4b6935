import { createHash } from 'node:crypto';
import type { SnapshotContent } from './snapshot';

/** JSON with object keys sorted at every depth: one text for one value, whoever built it. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/** The snapshot hash: lower-case hex SHA-256 of the canonical JSON of its content. */
export function snapshotHash(content: SnapshotContent): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
