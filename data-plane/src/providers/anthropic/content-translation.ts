import type { AnthropicBlockParam } from './wire-types';

type Part = Record<string, unknown> & { type?: unknown };

// `data:<media type>;base64,<data>`: the only data URL form Anthropic's base64 sources can hold.
const BASE64_DATA_URL = /^data:([^;,]+);base64,/;

function withCacheControl(block: AnthropicBlockParam, part: Part): AnthropicBlockParam {
  // Not OpenAI's, but clients that target Anthropic through OpenAI's format send it on parts.
  if (part.cache_control !== undefined) block.cache_control = part.cache_control;
  return block;
}

/** An `image_url` part: a base64 data URL becomes a `base64` source, any other URL a `url` source. */
function imageBlock(part: Part): AnthropicBlockParam {
  const image = part.image_url;
  const url = typeof image === 'string' ? image : (image as { url?: unknown } | null)?.url;
  if (typeof url !== 'string') return part as AnthropicBlockParam; // malformed: let Anthropic say so
  const data = BASE64_DATA_URL.exec(url);
  const source = data
    ? { type: 'base64', media_type: data[1], data: url.slice(data[0].length) }
    : { type: 'url', url };
  return withCacheControl({ type: 'image', source }, part);
}

/** A `file` part carrying a base64 PDF (`file.file_data`) becomes a `document` block. */
function fileBlock(part: Part): AnthropicBlockParam {
  const file = part.file as { file_data?: unknown } | null | undefined;
  const data = typeof file?.file_data === 'string' ? BASE64_DATA_URL.exec(file.file_data) : null;
  if (!data || typeof file?.file_data !== 'string') return part as AnthropicBlockParam;
  const source = { type: 'base64', media_type: data[1], data: file.file_data.slice(data[0].length) };
  return withCacheControl({ type: 'document', source }, part);
}

/**
 * One OpenAI content part as an Anthropic content block. `text` (and an assistant's
 * `refusal`) become text blocks, images and PDFs become image / document blocks; any other
 * part is passed on as it is, so a client may send Anthropic-native blocks (`document`,
 * `search_result`, …) and Anthropic itself judges what it cannot take (e.g. `input_audio`).
 * Null for parts that would be empty text, which Anthropic rejects.
 */
export function contentBlock(part: unknown): AnthropicBlockParam | null {
  if (!part || typeof part !== 'object') return null;
  const p = part as Part;
  switch (p.type) {
    case 'text':
      if (typeof p.text !== 'string' || p.text === '') return null;
      return withCacheControl({ type: 'text', text: p.text }, p);
    case 'refusal':
      return typeof p.refusal === 'string' && p.refusal !== '' ? { type: 'text', text: p.refusal } : null;
    case 'image_url':
      return imageBlock(p);
    case 'file':
      return fileBlock(p);
    default:
      return typeof p.type === 'string' ? (p as AnthropicBlockParam) : null;
  }
}

/** A message's `content` (a string, an array of parts, or null) as Anthropic content blocks. */
export function contentBlocks(content: unknown): AnthropicBlockParam[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  const blocks: AnthropicBlockParam[] = [];
  for (const part of content) {
    const block = contentBlock(part);
    if (block) blocks.push(block);
  }
  return blocks;
}

/** The text of `content` (system prompts, tool results given as parts), parts joined by newlines. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const part of content) {
    const text = (part as { text?: unknown } | null)?.text;
    if (typeof text === 'string') texts.push(text);
  }
  return texts.join('\n');
}
