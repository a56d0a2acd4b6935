import { OPENAI_COMPATIBLE_PRESETS } from '@switchyard/proto';
import type { ProviderAdapter } from './adapter-types';
import { anthropicAdapter } from './anthropic';
import { azureOpenAIAdapter } from './azure-openai';
import { bedrockAdapter } from './bedrock';
import { cohereAdapter } from './cohere';
import { geminiAdapter } from './gemini';
import { mistralAdapter } from './mistral';
import { openAIAdapter } from './openai/openai-adapter';
import { vertexAdapter } from './vertex';

/**
 * An adapter with its state type erased: the compiler only ever hands an adapter the state
 * its own `prepare` returned, which the map's value type cannot express.
 */
function entry<S>(adapter: ProviderAdapter<S>): [string, ProviderAdapter] {
  return [adapter.kind, adapter as unknown as ProviderAdapter];
}

/**
 * Provider kinds this node implements. A snapshot may name others (a newer control plane);
 * targets on them answer `provider_unsupported` while the rest of the snapshot applies.
 */
export const PROVIDER_ADAPTERS: ReadonlyMap<string, ProviderAdapter> = new Map([
  entry(openAIAdapter('openai')),
  entry(openAIAdapter('openai-compatible')),
  // Presets are OpenAI-compatible servers; the control plane fills in their default base URLs.
  ...Object.keys(OPENAI_COMPATIBLE_PRESETS).map((kind) => entry(openAIAdapter(kind))),
  entry(anthropicAdapter),
  entry(geminiAdapter),
  entry(vertexAdapter),
  entry(bedrockAdapter),
  entry(azureOpenAIAdapter),
  entry(cohereAdapter),
  entry(mistralAdapter),
]);
