/**
 * What the fake Gemini / Vertex AI answers, derived only from the request so tests are
 * deterministic. Shapes follow `fixtures/gemini` (Google's documented wire format).
 */

type Part = {
  text?: string;
  thought?: boolean;
  inlineData?: { mimeType?: string };
  fileData?: { mimeType?: string };
  functionCall?: { name?: string };
  functionResponse?: { name?: string; response?: unknown };
};

export interface GeminiRequestBody {
  contents: { role?: string; parts?: Part[] }[];
  systemInstruction?: { parts?: Part[] };
  tools?: { functionDeclarations?: { name?: string }[] }[];
  toolConfig?: { functionCallingConfig?: { mode?: string; allowedFunctionNames?: string[] } };
  generationConfig?: {
    responseMimeType?: string;
    candidateCount?: number;
    thinkingConfig?: { includeThoughts?: boolean };
  };
}

/** What the model "says": text (maybe with a thought), or one function call. */
export type GeminiReply =
  | { kind: 'text'; text: string; thought?: string }
  | { kind: 'tool'; name: string; args: Record<string, unknown> };

function partText(part: Part): string {
  if (typeof part.text === 'string') return part.text;
  if (part.inlineData) return `[${part.inlineData.mimeType ?? 'data'}]`;
  if (part.fileData) return `[${part.fileData.mimeType ?? 'file'}]`;
  if (part.functionResponse) return JSON.stringify(part.functionResponse.response ?? {});
  return '';
}

function contentText(parts: Part[] | undefined): string {
  return (parts ?? []).map(partText).join(' ');
}

/** Prompt tokens: a quarter of the characters of every content and the system instruction, at least 1. */
export function promptTokens(body: GeminiRequestBody): number {
  let chars = contentText(body.systemInstruction?.parts).length;
  for (const c of body.contents) chars += contentText(c.parts).length;
  return Math.max(1, Math.ceil(chars / 4));
}

export function replyTokens(reply: GeminiReply): { candidates: number; thoughts: number } {
  const tokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));
  if (reply.kind === 'tool') return { candidates: tokens(JSON.stringify(reply.args)), thoughts: 0 };
  return { candidates: tokens(reply.text), thoughts: reply.thought ? tokens(reply.thought) : 0 };
}

/**
 * - last turn answers a function call → text quoting the result;
 * - functions declared (and calling not turned off), or the model `tools` → a call to the
 *   first allowed function with `{"input": <last user text>}`;
 * - `responseMimeType: application/json` → a JSON object as text;
 * - otherwise → `Echo: <last user text>`; thinking models (name has `thinking`, or
 *   `includeThoughts`) add a thought.
 */
export function replyFor(model: string, body: GeminiRequestBody): GeminiReply {
  const last = body.contents[body.contents.length - 1];
  const response = last?.parts?.find((p) => p.functionResponse);
  if (response) return { kind: 'text', text: `Tool said: ${partText(response)}` };
  const userText = contentText(
    [...body.contents]
      .reverse()
      .find((c) => c.role === 'user' && c.parts?.some((p) => typeof p.text === 'string'))?.parts,
  );
  const config = body.toolConfig?.functionCallingConfig;
  const names = body.tools?.flatMap((t) => t.functionDeclarations ?? []).map((d) => d.name ?? '') ?? [];
  const allowed = config?.allowedFunctionNames?.length
    ? names.filter((n) => config.allowedFunctionNames!.includes(n))
    : names;
  if (allowed.length > 0 && config?.mode !== 'NONE')
    return { kind: 'tool', name: allowed[0], args: { input: userText } };
  if (body.generationConfig?.responseMimeType === 'application/json') {
    return { kind: 'text', text: JSON.stringify({ echo: userText }) };
  }
  const thinking =
    model.includes('thinking') || body.generationConfig?.thinkingConfig?.includeThoughts === true;
  return thinking
    ? { kind: 'text', text: `Echo: ${userText}`, thought: `The user said "${userText}".` }
    : { kind: 'text', text: `Echo: ${userText}` };
}

function usage(model: string, body: GeminiRequestBody, reply: GeminiReply, final: boolean): object {
  const prompt = promptTokens(body);
  if (!final) return { promptTokenCount: prompt, totalTokenCount: prompt };
  const { candidates, thoughts } = replyTokens(reply);
  const out: Record<string, number> = {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    totalTokenCount: prompt + candidates + thoughts,
  };
  if (thoughts > 0) out.thoughtsTokenCount = thoughts;
  // Thinking models here pretend half the prompt came from the context cache.
  if (model.includes('thinking')) out.cachedContentTokenCount = Math.floor(prompt / 2);
  return out;
}

let sequence = 0;

function parts(reply: GeminiReply): object[] {
  if (reply.kind === 'tool')
    return [{ functionCall: { name: reply.name, args: reply.args }, thoughtSignature: 'ZmFrZQ==' }];
  return reply.thought
    ? [{ text: reply.thought, thought: true }, { text: reply.text }]
    : [{ text: reply.text }];
}

/** A `GenerateContentResponse` for a reply (one candidate per `candidateCount`). */
export function generateContentResponse(model: string, body: GeminiRequestBody, reply: GeminiReply): object {
  const count = Math.max(1, body.generationConfig?.candidateCount ?? 1);
  return {
    candidates: Array.from({ length: count }, (_, index) => ({
      content: { parts: parts(reply), role: 'model' },
      finishReason: 'STOP',
      index,
    })),
    usageMetadata: usage(model, body, reply, true),
    modelVersion: model,
    responseId: `fake-${++sequence}`,
  };
}

/** A prompt blocked before generation. */
export function blockedResponse(model: string, body: GeminiRequestBody): object {
  return {
    promptFeedback: {
      blockReason: 'SAFETY',
      safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH' }],
    },
    usageMetadata: { promptTokenCount: promptTokens(body), totalTokenCount: promptTokens(body) },
    modelVersion: model,
  };
}

// Splits text into small pieces, roughly a token each, as a model streams it.
function pieces(value: string): string[] {
  return value.match(/.{1,4}/gsu) ?? [''];
}

/** The `GenerateContentResponse` events of a streamed reply (one candidate). */
export function streamEvents(model: string, body: GeminiRequestBody, reply: GeminiReply): object[] {
  const head = { modelVersion: model, responseId: `fake-${++sequence}` };
  const event = (p: object[], final: boolean) => ({
    candidates: [
      { content: { parts: p, role: 'model' }, ...(final ? { finishReason: 'STOP' } : {}), index: 0 },
    ],
    usageMetadata: usage(model, body, reply, final),
    ...head,
  });
  if (reply.kind === 'tool') return [event(parts(reply), true)];
  const out: object[] = [];
  if (reply.thought) out.push(event([{ text: reply.thought, thought: true }], false));
  const texts = pieces(reply.text);
  texts.forEach((text, i) => out.push(event([{ text }], i === texts.length - 1)));
  return out;
}

/** A deterministic unit-length-ish vector for a text. */
export function embedding(text: string, dimensions: number): number[] {
  let seed = 0;
  for (const ch of text) seed = (seed * 31 + ch.codePointAt(0)!) % 1_000_003;
  return Array.from({ length: dimensions }, (_, i) =>
    Number((((seed * (i + 7)) % 2001) / 1000 - 1).toFixed(6)),
  );
}
