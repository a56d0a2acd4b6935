import type { UsageBatch__Output } from './generated/switchyard/v1/UsageBatch';
import type { UsageRecord, UsageRecord__Output } from './generated/switchyard/v1/UsageRecord';
import { loadTelemetry, telemetryDefinition } from './telemetry';

/**
 * Usage records in protobuf's wire format, encoded as they are produced. A data-plane node
 * keeps its queued records as these bytes rather than as objects, and a `UsageBatch` is the
 * node id followed by the records' bytes, so a batch is never encoded twice. Going through
 * protobufjs (`fromObject`, then a `Writer` of one object per field) per record, and keeping
 * records as objects until their batch was sent (they outlive the young generation), showed
 * up in alternating runs of two nodes; this and plain-number metrics together took about 8%
 * off a node's CPU per request. The encoder is compiled from the
 * `.proto`'s own descriptor, so its fields are the contract's; a field of a type it does
 * not know fails at load, not on the wire.
 */

type Kind = 'string' | 'bool' | 'uint32' | 'int64' | 'uint64' | 'message' | 'map';

interface Field {
  name: string;
  kind: Kind;
  /** The key byte: field number and wire type. */
  tag: number;
  /** Nested message fields (`message`), or the map entry's key and value (`map`). */
  fields: Field[] | null;
}

interface DescriptorField {
  name: string;
  number: number;
  label: string;
  type: string;
  typeName: string;
}

interface Descriptor {
  field: DescriptorField[];
  nestedType: (Descriptor & { name: string; options: { mapEntry?: boolean } | null })[];
}

const SCALARS: Record<string, Kind> = {
  TYPE_STRING: 'string',
  TYPE_BOOL: 'bool',
  TYPE_UINT32: 'uint32',
  TYPE_INT64: 'int64',
  TYPE_UINT64: 'uint64',
};

function compile(descriptor: Descriptor, messages: Record<string, Descriptor>, path: string): Field[] {
  return descriptor.field.map((f) => {
    const scalar = SCALARS[f.type];
    if (scalar) {
      if (f.label === 'LABEL_REPEATED')
        throw new Error(`${path}.${f.name}: repeated scalars are not encoded`);
      return {
        name: f.name,
        kind: scalar,
        tag: (f.number << 3) | (scalar === 'string' ? 2 : 0),
        fields: null,
      };
    }
    if (f.type !== 'TYPE_MESSAGE') throw new Error(`${path}.${f.name}: type ${f.type} is not encoded`);
    const entry = descriptor.nestedType.find((n) => n.name === f.typeName && n.options?.mapEntry);
    const nested = entry ?? messages[f.typeName];
    if (!nested) throw new Error(`${path}.${f.name}: unknown message ${f.typeName}`);
    if (!entry && f.label !== 'LABEL_REPEATED')
      throw new Error(`${path}.${f.name}: singular messages are not encoded`);
    return {
      name: f.name,
      kind: entry ? 'map' : 'message',
      tag: (f.number << 3) | 2,
      fields: compile(nested, messages, `${path}.${f.name}`),
    };
  });
}

// Strings up to this long are tried as ASCII first (`Scratch.string`).
const SHORT_STRING = 64;

/** A growing buffer that records are encoded into, then copied out of. */
class Scratch {
  buf: Buffer;
  pos = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  ensure(more: number): void {
    if (this.pos + more <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + more));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  varint(value: number): void {
    this.ensure(10);
    const buf = this.buf;
    while (value > 0x7f) {
      buf[this.pos++] = value % 0x80 | 0x80;
      value = Math.floor(value / 0x80);
    }
    buf[this.pos++] = value;
  }

  /**
   * A 64-bit integer as protobuf sends it (two's complement: a negative one takes ten
   * bytes). What is not an integer at all (NaN, a malformed string) goes as 0 rather than
   * throwing on the hot path.
   */
  varint64(value: unknown): void {
    if (typeof value === 'number' && value >= 0 && value <= Number.MAX_SAFE_INTEGER) {
      this.varint(Math.trunc(value));
      return;
    }
    let big = BigInt.asUintN(64, toBigInt(value));
    this.ensure(10);
    while (big > 0x7fn) {
      this.buf[this.pos++] = Number(big & 0x7fn) | 0x80;
      big >>= 7n;
    }
    this.buf[this.pos++] = Number(big);
  }

  /** Starts a length-delimited value: one byte is kept for its length. Returns where it starts. */
  open(): number {
    this.ensure(1);
    return ++this.pos;
  }

  /** Ends the value begun at `start`, writing its length (moving it along if that needs more than a byte). */
  close(start: number): void {
    const length = this.pos - start;
    if (length < 0x80) {
      this.buf[start - 1] = length;
      return;
    }
    const size = varintSize(length);
    this.ensure(size - 1);
    this.buf.copy(this.buf, start + size - 1, start, this.pos);
    this.pos = start - 1;
    this.varint(length);
    this.pos += length;
  }

  string(value: string): void {
    const start = this.open();
    const length = value.length;
    this.ensure(length * 3);
    const buf = this.buf;
    // Ids, names and codes are short ASCII: copied char by char they cost less than the
    // native call of `write`, which takes over at the first other character.
    let i = 0;
    if (length <= SHORT_STRING) {
      for (; i < length; i++) {
        const code = value.charCodeAt(i);
        if (code > 0x7f) break;
        buf[this.pos + i] = code;
      }
    }
    this.pos += i === length ? length : buf.write(value, this.pos, 'utf8');
    this.close(start);
  }

  bytes(value: Buffer): void {
    this.varint(value.length);
    this.ensure(value.length);
    this.pos += value.copy(this.buf, this.pos);
  }
}

function toBigInt(value: unknown): bigint {
  try {
    return BigInt(typeof value === 'number' ? Math.trunc(value) : String(value as string | object));
  } catch {
    return 0n;
  }
}

function varintSize(value: number): number {
  let size = 1;
  while (value > 0x7f) {
    value = Math.floor(value / 0x80);
    size++;
  }
  return size;
}

/** Writes the fields of `message` that differ from their proto3 defaults, in field order. */
function encodeFields(out: Scratch, fields: Field[], message: Record<string, unknown>): void {
  for (const field of fields) {
    const value = message[field.name];
    if (value === undefined || value === null) continue;
    switch (field.kind) {
      case 'string':
        if (value === '') continue;
        out.varint(field.tag);
        out.string(value as string);
        break;
      case 'bool':
        if (value !== true) continue;
        out.varint(field.tag);
        out.varint(1);
        break;
      case 'uint32':
        if (value === 0) continue;
        out.varint(field.tag);
        out.varint((value as number) >>> 0);
        break;
      case 'int64':
      case 'uint64':
        if (value === 0 || value === '0') continue;
        out.varint(field.tag);
        out.varint64(value);
        break;
      case 'message':
        for (const item of value as Record<string, unknown>[]) {
          out.varint(field.tag);
          const start = out.open();
          encodeFields(out, field.fields!, item);
          out.close(start);
        }
        break;
      case 'map':
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
          out.varint(field.tag);
          const start = out.open();
          encodeFields(out, field.fields!, { key, value: item });
          out.close(start);
        }
        break;
    }
  }
}

let compiled: Field[] | undefined;
const scratch = new Scratch(16 * 1024);

function usageRecordFields(): Field[] {
  if (compiled) return compiled;
  const definition = telemetryDefinition();
  const messages: Record<string, Descriptor> = {};
  for (const [name, value] of Object.entries(definition)) {
    if ('type' in value && value.format === 'Protocol Buffer 3 DescriptorProto')
      messages[name.slice(name.lastIndexOf('.') + 1)] = value.type as Descriptor;
  }
  compiled = compile(messages.UsageRecord, messages, 'UsageRecord');
  return compiled;
}

/** One `UsageRecord` in protobuf's wire format. */
export function encodeUsageRecord(record: UsageRecord): Buffer {
  const fields = usageRecordFields();
  scratch.pos = 0;
  encodeFields(scratch, fields, record as Record<string, unknown>);
  // A copy of its own (small ones come out of Node's shared pool): the scratch is reused.
  return Buffer.from(scratch.buf.subarray(0, scratch.pos));
}

// UsageBatch: node_id = 1, repeated UsageRecord records = 2.
const BATCH_NODE_ID = (1 << 3) | 2;
const BATCH_RECORD = (2 << 3) | 2;

/** A `UsageBatch` made of records already encoded by `encodeUsageRecord`. */
export function encodeUsageBatch(nodeId: string, records: readonly Buffer[]): Buffer {
  let size = 16 + nodeId.length * 3;
  for (const record of records) size += 11 + record.length;
  const out = new Scratch(size);
  if (nodeId !== '') {
    out.varint(BATCH_NODE_ID);
    out.string(nodeId);
  }
  for (const record of records) {
    out.varint(BATCH_RECORD);
    out.bytes(record);
  }
  return out.buf.subarray(0, out.pos);
}

/** A `UsageBatch` read as the control plane reads it (grpc-js' own deserializer for `ReportUsage`). */
export function decodeUsageBatch(bytes: Buffer): UsageBatch__Output {
  return loadTelemetry().Telemetry.service.ReportUsage.requestDeserialize(bytes) as UsageBatch__Output;
}

/** Records encoded by `encodeUsageRecord`, read back as the control plane reads them (defaults filled in). */
export function decodeUsageRecords(records: readonly Buffer[]): UsageRecord__Output[] {
  return decodeUsageBatch(encodeUsageBatch('', records)).records;
}
