import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/** One decoded event-stream message: its string headers and body text. */
export interface StreamMessage {
  headers: Record<string, string>;
  body: string;
}

// A frame is at least prelude (12) + message CRC (4) bytes; AWS caps messages at 16 MB.
const MIN_FRAME = 16;
const MAX_FRAME = 16 * 1024 * 1024;

/** One codec for the process: it holds no per-stream state. */
export const eventStreamCodec = new EventStreamCodec(toUtf8, fromUtf8);

/**
 * Splits `application/vnd.amazon.eventstream` bytes into messages as they arrive. A frame's
 * first 4 bytes are its total length; bytes of an incomplete frame are kept (only those)
 * until the rest arrives. Throws on a frame with an impossible length or a bad checksum.
 */
export class EventStreamFrames {
  private pending: Buffer = Buffer.alloc(0);

  push(bytes: Buffer): StreamMessage[] {
    const buf = this.pending.length === 0 ? bytes : Buffer.concat([this.pending, bytes]);
    const out: StreamMessage[] = [];
    let at = 0;
    while (buf.length - at >= 4) {
      const length = buf.readUInt32BE(at);
      if (length < MIN_FRAME || length > MAX_FRAME)
        throw new Error(`invalid event-stream frame length ${length}`);
      if (buf.length - at < length) break;
      const message = eventStreamCodec.decode(buf.subarray(at, at + length));
      at += length;
      const headers: Record<string, string> = {};
      for (const [name, header] of Object.entries(message.headers)) headers[name] = String(header.value);
      out.push({ headers, body: toUtf8(message.body) });
    }
    this.pending = at === buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(at));
    return out;
  }

  /** Bytes of a frame that never completed. */
  get leftover(): number {
    return this.pending.length;
  }
}

/** Encodes one JSON event frame (for tests and the fake upstream). */
export function encodeEvent(eventType: string, payload: unknown, messageType = 'event'): Uint8Array {
  const typeHeader = messageType === 'exception' ? ':exception-type' : ':event-type';
  return eventStreamCodec.encode({
    headers: {
      [typeHeader]: { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: messageType },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}
