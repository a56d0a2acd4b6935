import { GatewayError } from '../../errors';
import { isObject } from '../openai-shape';
import type { GeminiPart } from './gemini-wire';

const MIME_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
  mp3: 'audio/mp3',
  wav: 'audio/wav',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  mp4: 'video/mp4',
  mov: 'video/mov',
  webm: 'video/webm',
  txt: 'text/plain',
};

/** A MIME type guessed from a URL's file extension; `fallback` when there is none or it is unknown. */
export function guessMimeType(url: string, fallback: string): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // not an absolute URL (a gs:// URI still parses); use the text as it is
  }
  const dot = path.lastIndexOf('.');
  if (dot === -1 || dot < path.lastIndexOf('/')) return fallback;
  return MIME_BY_EXTENSION[path.slice(dot + 1).toLowerCase()] ?? fallback;
}

const DATA_URL = /^data:([^;,]+)?((?:;[^;,]*)*?);base64,/i;

/** `data:` URLs become inline bytes; anything else is referenced by URI with a guessed type. */
export function urlPart(url: string, fallbackMime: string): GeminiPart {
  const match = DATA_URL.exec(url);
  if (match) {
    return { inlineData: { mimeType: match[1] ?? fallbackMime, data: url.slice(match[0].length) } };
  }
  if (url.startsWith('data:')) {
    throw new GatewayError('invalid_value', 'Only base64 data: URLs are supported for media content.');
  }
  return { fileData: { mimeType: guessMimeType(url, fallbackMime), fileUri: url } };
}

const AUDIO_MIME: Record<string, string> = { wav: 'audio/wav', mp3: 'audio/mp3' };

/** One non-text content part of an OpenAI message (`image_url`, `input_audio`, `file`). */
export function mediaPart(part: Record<string, unknown>, param: string): GeminiPart {
  if (part.type === 'image_url') {
    const image = part.image_url;
    const url = typeof image === 'string' ? image : isObject(image) ? image.url : undefined;
    if (typeof url !== 'string')
      throw new GatewayError('invalid_value', 'image_url.url must be a string.', param);
    return urlPart(url, 'image/jpeg');
  }
  if (part.type === 'input_audio' && isObject(part.input_audio)) {
    const { data, format } = part.input_audio;
    if (typeof data !== 'string')
      throw new GatewayError('invalid_value', 'input_audio.data must be a string.', param);
    return { inlineData: { mimeType: AUDIO_MIME[String(format)] ?? `audio/${String(format)}`, data } };
  }
  if (part.type === 'file' && isObject(part.file)) {
    const file = part.file;
    if (typeof file.file_data === 'string') return urlPart(file.file_data, 'application/pdf');
    if (typeof file.file_id === 'string') return urlPart(file.file_id, 'application/pdf');
  }
  throw new GatewayError(
    'invalid_value',
    `Content parts of type '${String(part.type)}' cannot be sent to Gemini.`,
    param,
  );
}
