import type { ParsedChatRequest } from '../chat/chat-request';
import type { RequestContext } from '../http/request-context';
import type { CompiledRoute } from '../snapshot/compiled';

/**
 * How a provider kind serves a chat completion: translate the request, call upstream over
 * the route's pooled dispatcher, translate the response or stream back, and fill in the
 * context's usage fields. Must answer the client exactly once and never throw after the
 * response has started.
 */
export interface ProviderAdapter {
  readonly kind: string;
  /** The path under the provider's base URL path where chat completions are posted. */
  readonly chatCompletionsSuffix: string;
  chatCompletions(ctx: RequestContext, route: CompiledRoute, request: ParsedChatRequest): Promise<void>;
}
