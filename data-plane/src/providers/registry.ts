import { OpenAIChatAdapter } from './openai/openai-adapter';
import type { ProviderAdapter } from './provider-adapter';

/**
 * Provider kinds this node implements. A snapshot may name others (a newer control plane);
 * their routes answer `provider_unsupported` while the rest of the snapshot applies.
 * OpenAI-compatible servers speak OpenAI's wire format, so they share its adapter.
 */
export const PROVIDER_ADAPTERS: ReadonlyMap<string, ProviderAdapter> = new Map<string, ProviderAdapter>([
  ['openai', new OpenAIChatAdapter('openai')],
  ['openai-compatible', new OpenAIChatAdapter('openai-compatible')],
]);
