import { upstreamBody, type ParsedChatRequest } from '../../chat/chat-request';
import type { RequestContext } from '../../http/request-context';
import type { CompiledRoute } from '../../snapshot/compiled';
import type { ProviderAdapter } from '../provider-adapter';
import { ChatExchange } from './chat-exchange';

/**
 * OpenAI's chat completions wire format, spoken by OpenAI itself and by every
 * "OpenAI-compatible" server: the request goes up with only `model` replaced (plus
 * `stream_options.include_usage` for streams), and responses come back as they are.
 */
export class OpenAIChatAdapter implements ProviderAdapter {
  readonly chatCompletionsSuffix = '/chat/completions';

  constructor(readonly kind: string) {}

  chatCompletions(ctx: RequestContext, route: CompiledRoute, request: ParsedChatRequest): Promise<void> {
    const provider = route.provider;
    const timeoutMs = ctx.services.upstreamTimeoutMs;
    const exchange = new ChatExchange(ctx, request);
    // The client leaving must not leave an upstream request (and its tokens) running.
    ctx.res.once('close', exchange.onClientClose);
    try {
      provider.dispatcher.dispatch(
        {
          origin: provider.origin,
          path: provider.chatCompletionsPath,
          method: 'POST',
          headers: provider.headers,
          body: upstreamBody(request, route.model),
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        },
        exchange,
      );
    } catch (err) {
      exchange.fail(err as Error);
    }
    return exchange.done;
  }
}
