/**
 * The parts of Anthropic's Messages API wire format (`POST /v1/messages`) the adapter reads
 * and writes. Field names follow Anthropic's API reference; everything is optional or loose
 * where the adapter tolerates absence, because upstream output is checked, not trusted.
 */

/** A content block of a request message (what the adapter builds; other kinds pass through). */
export type AnthropicBlockParam = Record<string, unknown> & { type: string };

/** One message of a Messages request: roles alternate, starting with `user`. */
export interface AnthropicMessageParam {
  role: 'user' | 'assistant';
  content: string | AnthropicBlockParam[];
}

/** Token counts as Anthropic reports them (`message.usage`, `message_delta.usage`). */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
}

/** A content block of an answer: `text`, `tool_use`, `thinking`, and kinds the adapter skips. */
export interface AnthropicContentBlock {
  type: string;
  text?: unknown;
  id?: unknown;
  name?: unknown;
  input?: unknown;
  thinking?: unknown;
}

/** A Messages answer (`type: "message"`). */
export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model?: string;
  content: AnthropicContentBlock[];
  stop_reason?: string | null;
  stop_sequence?: string | null;
  usage?: AnthropicUsage | null;
}

/** Anthropic's error body: `{"type":"error","error":{"type":"…","message":"…"},"request_id":"…"}`. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id?: string;
}
