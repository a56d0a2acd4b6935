import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** The JetStream key-value key under which the current snapshot (or its manifest) is stored. */
export const SNAPSHOT_KV_KEY = 'snapshot';
/** Parts of a snapshot too large for one message: `snapshot-part.<version>.<index>`. */
export const SNAPSHOT_PART_PREFIX = 'snapshot-part';

/** Room left in each NATS message for the JetStream headers around the value. */
const MESSAGE_HEADROOM = 4096;
/** A decompressed snapshot larger than this is refused (a gzip bomb cannot exhaust a node). */
export const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;

/**
 * What the snapshot key holds when the compressed snapshot does not fit in one NATS message:
 * where its parts are, in order, and the SHA-256 of their concatenation.
 */
export interface SnapshotManifest {
  manifest: 1;
  version: number;
  hash: string;
  encoding: 'gzip';
  parts: string[];
  bytes: number;
  sha256: string;
}

/** The value for the snapshot key, and the parts to write before it (none when it fits). */
export interface EncodedSnapshot {
  value: Uint8Array;
  parts: { key: string; value: Uint8Array }[];
}

/** A snapshot value that cannot be decoded (a part missing or damaged, bad compression). */
export class SnapshotTransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotTransportError';
  }
}

/**
 * Encodes a snapshot's JSON for the KV bucket: gzip-compressed, in the snapshot key itself when
 * it fits in a message of `maxMessageBytes` (the server's max_payload), else split into parts
 * under their own keys with a manifest in the snapshot key. Readers see one key change either
 * way: the parts are written first, the snapshot key last.
 */
export async function encodeSnapshot(
  json: string,
  meta: { version: number; hash: string },
  maxMessageBytes: number,
): Promise<EncodedSnapshot> {
  const compressed = await gzipAsync(json);
  const room = Math.max(1024, maxMessageBytes - MESSAGE_HEADROOM);
  if (compressed.length <= room) return { value: compressed, parts: [] };
  const parts: EncodedSnapshot['parts'] = [];
  for (let offset = 0; offset < compressed.length; offset += room) {
    parts.push({
      key: `${SNAPSHOT_PART_PREFIX}.${meta.version}.${parts.length}`,
      value: compressed.subarray(offset, offset + room),
    });
  }
  const manifest: SnapshotManifest = {
    manifest: 1,
    version: meta.version,
    hash: meta.hash,
    encoding: 'gzip',
    parts: parts.map((p) => p.key),
    bytes: compressed.length,
    sha256: sha256(compressed),
  };
  return { value: Buffer.from(JSON.stringify(manifest)), parts };
}

/**
 * The snapshot JSON text a value of the snapshot key stands for: a gzip-compressed snapshot, a
 * manifest whose parts `get` fetches, or (as written by hand or by an older control plane) the
 * JSON itself. Throws `SnapshotTransportError` when it cannot be put together.
 */
export async function decodeSnapshot(
  value: Uint8Array,
  get: (key: string) => Promise<Uint8Array | null>,
  maxBytes = MAX_SNAPSHOT_BYTES,
): Promise<string> {
  if (isGzip(value)) return gunzipText(value, maxBytes);
  const manifest = manifestOf(value);
  if (!manifest) return Buffer.from(value).toString('utf8');
  const parts: Uint8Array[] = [];
  for (const key of manifest.parts) {
    const part = await get(key);
    if (!part) throw new SnapshotTransportError(`snapshot ${manifest.version}: part ${key} is missing`);
    parts.push(part);
  }
  const compressed = Buffer.concat(parts);
  if (compressed.length !== manifest.bytes || sha256(compressed) !== manifest.sha256) {
    throw new SnapshotTransportError(`snapshot ${manifest.version}: its parts do not match the manifest`);
  }
  return gunzipText(compressed, maxBytes);
}

/**
 * Version and hash of a snapshot-key value without fetching parts (a manifest names them);
 * version 0 when it cannot be read.
 */
export async function snapshotVersionOf(value: Uint8Array): Promise<{ version: number; hash: string }> {
  try {
    const manifest = manifestOf(value);
    const parsed = (manifest ??
      JSON.parse(
        isGzip(value) ? await gunzipText(value, MAX_SNAPSHOT_BYTES) : Buffer.from(value).toString('utf8'),
      )) as {
      version?: unknown;
      hash?: unknown;
    };
    const version =
      typeof parsed.version === 'number' && Number.isFinite(parsed.version) ? parsed.version : 0;
    return { version, hash: typeof parsed.hash === 'string' ? parsed.hash : '' };
  } catch {
    return { version: 0, hash: '' };
  }
}

/** The version a part key belongs to (`snapshot-part.<version>.<index>`), or null. */
export function snapshotPartVersion(key: string): number | null {
  const match = /^snapshot-part\.(\d+)\.\d+$/.exec(key);
  return match ? Number(match[1]) : null;
}

function isGzip(value: Uint8Array): boolean {
  return value.length >= 2 && value[0] === 0x1f && value[1] === 0x8b;
}

async function gunzipText(value: Uint8Array, maxBytes: number): Promise<string> {
  try {
    return (await gunzipAsync(value, { maxOutputLength: maxBytes })).toString('utf8');
  } catch (error) {
    throw new SnapshotTransportError(`the snapshot does not decompress: ${(error as Error).message}`);
  }
}

function manifestOf(value: Uint8Array): SnapshotManifest | null {
  // A manifest is small JSON starting with its marker; anything else is not one.
  if (
    value.length > 1 << 20 ||
    !Buffer.from(value.subarray(0, 13)).toString('latin1').startsWith('{"manifest":')
  )
    return null;
  let parsed: Partial<SnapshotManifest>;
  try {
    parsed = JSON.parse(Buffer.from(value).toString('utf8')) as Partial<SnapshotManifest>;
  } catch {
    throw new SnapshotTransportError('the snapshot manifest is not JSON');
  }
  const ok =
    parsed.manifest === 1 &&
    parsed.encoding === 'gzip' &&
    typeof parsed.version === 'number' &&
    typeof parsed.hash === 'string' &&
    typeof parsed.bytes === 'number' &&
    typeof parsed.sha256 === 'string' &&
    Array.isArray(parsed.parts) &&
    parsed.parts.length > 0 &&
    parsed.parts.every((p) => typeof p === 'string' && snapshotPartVersion(p) === parsed.version);
  if (!ok) throw new SnapshotTransportError('the snapshot manifest is malformed');
  return parsed as SnapshotManifest;
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
