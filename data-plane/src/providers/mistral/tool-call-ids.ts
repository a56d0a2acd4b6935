import { createHash } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const MISTRAL_ID = /^[a-zA-Z0-9]{9}$/;

/**
 * Mistral accepts only tool call ids of 9 alphanumerics. Ids it issued pass unchanged;
 * others (an OpenAI `call_…`, an Anthropic `toolu_…`) are replaced by a hash of themselves,
 * so an assistant's call and the tool message answering it still match.
 */
export function mistralToolCallId(id: string): string {
  if (MISTRAL_ID.test(id)) return id;
  const digest = createHash('sha256').update(id).digest();
  let out = '';
  for (let i = 0; i < 9; i++) out += ALPHANUMERIC[digest[i] % ALPHANUMERIC.length];
  return out;
}
