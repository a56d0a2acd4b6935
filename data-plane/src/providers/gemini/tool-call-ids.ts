import { randomBytes } from 'node:crypto';

// Gemini gives function calls no id (or one the API does not need back), but OpenAI clients
// match tool results to calls by id. A Gemini 3 function call also carries a thought
// signature the model must get back with it; OpenAI clients keep nothing but the id, so the
// signature rides inside the id and is recovered when the conversation comes back.
const SIGNATURE_SEPARATOR = '__thought__';

/** A fresh OpenAI-style tool call id, carrying `signature` when the part had one. */
export function toolCallId(signature?: string): string {
  const id = `call_${randomBytes(12).toString('base64url')}`;
  return signature ? `${id}${SIGNATURE_SEPARATOR}${signature}` : id;
}

/** The thought signature carried by a tool call id made by `toolCallId`, if any. */
export function signatureOf(id: string): string | undefined {
  const at = id.indexOf(SIGNATURE_SEPARATOR);
  return at === -1 ? undefined : id.slice(at + SIGNATURE_SEPARATOR.length) || undefined;
}
