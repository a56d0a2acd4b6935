import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  SNAPSHOT_PART_PREFIX,
  SnapshotTransportError,
  decodeSnapshot,
  encodeSnapshot,
  snapshotPartVersion,
  snapshotVersionOf,
} from './snapshot-transport';

const META = { version: 7, hash: 'a'.repeat(64) };
// Random hex does not compress away, so the size of the encoding is predictable.
const bigJson = (bytes: number) =>
  JSON.stringify({ ...META, content: { blob: randomBytes(bytes / 2).toString('hex') } });

function store(parts: { key: string; value: Uint8Array }[]) {
  const map = new Map(parts.map((p) => [p.key, p.value]));
  return { map, get: (key: string) => Promise.resolve(map.get(key) ?? null) };
}

it('compresses a snapshot that fits into the one value, and reads it back', async () => {
  const json = JSON.stringify({ ...META, content: { text: 'x'.repeat(100_000) } });
  const encoded = await encodeSnapshot(json, META, 1024 * 1024);
  expect(encoded.parts).toEqual([]);
  expect(encoded.value.length).toBeLessThan(json.length / 10);
  expect(await decodeSnapshot(encoded.value, () => Promise.reject(new Error('no parts needed')))).toBe(json);
  expect(await snapshotVersionOf(encoded.value)).toEqual(META);
});

it('splits one too large for a message into parts under a manifest, each part within the limit', async () => {
  const json = bigJson(200_000);
  const encoded = await encodeSnapshot(json, META, 32 * 1024);
  expect(encoded.parts.length).toBeGreaterThanOrEqual(4);
  for (const part of encoded.parts) {
    expect(part.value.length).toBeLessThanOrEqual(32 * 1024);
    expect(part.key.startsWith(`${SNAPSHOT_PART_PREFIX}.7.`)).toBe(true);
    expect(snapshotPartVersion(part.key)).toBe(7);
  }
  expect(encoded.value.length).toBeLessThan(32 * 1024);
  const { get } = store(encoded.parts);
  expect(await decodeSnapshot(encoded.value, get)).toBe(json);
  // The manifest carries version and hash, so a publisher compares without fetching parts.
  expect(await snapshotVersionOf(encoded.value)).toEqual(META);
});

it('reads a plain JSON value as it is (written by hand, or by an older control plane)', async () => {
  const json = JSON.stringify({ ...META, content: {} });
  expect(await decodeSnapshot(Buffer.from(json), () => Promise.resolve(null))).toBe(json);
  expect(await snapshotVersionOf(Buffer.from(json))).toEqual(META);
  // Not JSON either: handed on as text, for the node to reject as a snapshot.
  expect(await decodeSnapshot(Buffer.from('{"schemaVersion":1,garbage'), () => Promise.resolve(null))).toBe(
    '{"schemaVersion":1,garbage',
  );
});

it('refuses a missing part, a damaged part, bad compression and a malformed manifest', async () => {
  const encoded = await encodeSnapshot(bigJson(100_000), META, 16 * 1024);
  const missing = store(encoded.parts);
  missing.map.delete(encoded.parts[1].key);
  await expect(decodeSnapshot(encoded.value, missing.get)).rejects.toThrow(
    /part snapshot-part\.7\.1 is missing/,
  );

  const damaged = store(encoded.parts);
  const first = Buffer.from(encoded.parts[0].value);
  first[100] ^= 0xff;
  damaged.map.set(encoded.parts[0].key, first);
  await expect(decodeSnapshot(encoded.value, damaged.get)).rejects.toThrow(/do not match the manifest/);

  const truncated = gzipSync('{"version":1}').subarray(0, 12);
  await expect(decodeSnapshot(truncated, () => Promise.resolve(null))).rejects.toThrow(
    SnapshotTransportError,
  );

  const bad = Buffer.from(JSON.stringify({ manifest: 1, version: 7, parts: ['elsewhere'] }));
  await expect(decodeSnapshot(bad, () => Promise.resolve(null))).rejects.toThrow(/manifest is malformed/);
  expect(await snapshotVersionOf(bad)).toEqual({ version: 0, hash: '' });
  expect(snapshotPartVersion('snapshot')).toBeNull();
});

it('refuses a compressed value that would inflate past the size bound', async () => {
  const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024)); // about 4 kB
  const none = () => Promise.resolve(null);
  await expect(decodeSnapshot(bomb, none, 1024 * 1024)).rejects.toThrow(/does not decompress/);
  expect((await decodeSnapshot(bomb, none, 8 * 1024 * 1024)).length).toBe(4 * 1024 * 1024);
});
