/**
 * The parts of Google's Generative Language / Vertex AI `GenerateContent` wire format the
 * gateway reads and writes (JSON field names as Google's REST reference spells them).
 * Every field is optional on the way in: upstream output is checked, not trusted.
 */

import type { JsonObject } from '../openai-shape';

export interface GeminiPart {
  text?: string;
  /** True on a part that carries the model's thinking (with `includeThoughts`). */
  thought?: boolean;
  /** Opaque signature the model wants back with the part it came on (Gemini 2.5+ / 3). */
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType: string; fileUri: string };
  functionCall?: { id?: string; name: string; args?: JsonObject };
  functionResponse?: { id?: string; name: string; response: JsonObject };
}

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}

export interface GeminiCandidate {
  content?: { role?: string; parts?: GeminiPart[] };
  finishReason?: string;
  index?: number;
}

export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
  totalTokenCount?: number;
}

export interface GeminiResponse {
  candidates?: GeminiCandidate[];
  promptFeedback?: { blockReason?: string; blockReasonMessage?: string };
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
}
