import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { ParsedChatRequest } from '../../chat/chat-request';
import { estimateInputTokens, tokensForChars } from '../../chat/token-estimate';
import { GatewayError } from '../../errors';
import type { RequestContext } from '../../http/request-context';
import { sendError } from '../../http/respond';
import { upstreamFailure } from '../upstream-failure';
import { sendCompletion, sendUpstreamError } from './relay-completion';
import { ChatStreamRelay } from './stream-relay';

// Upstream error bodies are small; anything past this is dropped rather than buffered.
const ERROR_BODY_LIMIT = 64 * 1024;
const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  // Tells nginx-style proxies in front of the gateway not to buffer the stream.
  'x-accel-buffering': 'no',
};

class ClientGone extends Error {
  override name = 'ClientGone';
}

/**
 * One chat completion call upstream, as an undici dispatch handler: no intermediate body
 * stream, abort signal or per-chunk promise. A successful stream is relayed to the client
 * as it arrives (pausing the upstream when the client cannot keep up); anything else is
 * buffered and answered when complete. `done` resolves once the client has its answer;
 * nothing here throws.
 */
export class ChatExchange implements Dispatcher.DispatchHandler {
  readonly done: Promise<void>;
  private settle!: () => void;
  private controller: Dispatcher.DispatchController | null = null;
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private chunks: Buffer[] = [];
  private size = 0;
  private limit = Infinity;
  private relay: ChatStreamRelay | null = null;
  private clientGone = false;
  private finished = false;

  constructor(
    private readonly ctx: RequestContext,
    private readonly request: ParsedChatRequest,
  ) {
    this.done = new Promise((resolve) => (this.settle = resolve));
  }

  /** To be called when the client's response closes: aborts the upstream call if it is still running. */
  readonly onClientClose = (): void => {
    if (this.finished || this.ctx.res.writableFinished) return;
    this.clientGone = true;
    this.ctx.clientClosed = true;
    this.controller?.abort(new ClientGone('the client went away'));
  };

  private readonly onDrain = (): void => this.controller?.resume();

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.clientGone) controller.abort(new ClientGone('the client went away'));
  }

  onResponseStart(_c: Dispatcher.DispatchController, status: number, headers: IncomingHttpHeaders): void {
    this.status = status;
    this.headers = headers;
    if (status < 200 || status >= 300) {
      this.limit = ERROR_BODY_LIMIT;
      return;
    }
    const type = headers['content-type'];
    if (this.request.stream && typeof type === 'string' && type.includes('text/event-stream')) {
      this.relay = new ChatStreamRelay(!this.request.clientWantsUsage);
      this.ctx.status = 200;
      this.ctx.res.writeHead(200, SSE_HEADERS);
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const relay = this.relay;
    if (!relay) {
      if (this.size + chunk.length <= this.limit) this.chunks.push(chunk);
      this.size += chunk.length;
      return;
    }
    const out = relay.feed(chunk);
    if (relay.sawToken && this.ctx.ttftMs === 0) this.ctx.markFirstToken();
    if (out.length > 0 && !this.ctx.res.write(out)) {
      controller.pause();
      this.ctx.res.once('drain', this.onDrain);
    }
  }

  onResponseEnd(): void {
    try {
      const relay = this.relay;
      if (relay) {
        const rest = relay.end();
        this.countStream(relay);
        if (relay.upstreamError !== null) {
          this.ctx.errorCode = 'upstream_error';
          this.ctx.errorMessage = relay.upstreamError.slice(0, 1000);
        }
        this.ctx.res.end(rest);
      } else {
        const chunks = this.chunks;
        const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        if (this.status >= 200 && this.status < 300) {
          sendCompletion(this.ctx, this.request, this.status, this.headers, body);
        } else sendUpstreamError(this.ctx, this.status, this.headers, body);
      }
    } catch (err) {
      this.ctx.services.logger.error(
        { requestId: this.ctx.requestId, err },
        'cannot relay the upstream answer',
      );
      sendError(this.ctx, new GatewayError('internal_error'));
    }
    this.finish();
  }

  onResponseError(_c: Dispatcher.DispatchController, err: Error): void {
    this.fail(err);
  }

  /** Answers the client for a call that failed (or could not be dispatched at all). */
  fail(err: Error): void {
    if (this.finished) return;
    if (this.relay) this.countStream(this.relay);
    const { ctx } = this;
    if (this.clientGone) {
      const gone = new GatewayError('client_closed_request');
      ctx.status = gone.status;
      ctx.errorCode = gone.code;
      ctx.errorMessage = gone.message;
    } else {
      const failure = upstreamFailure(err, ctx.services.upstreamTimeoutMs);
      ctx.services.logger.warn(
        { requestId: ctx.requestId, providerId: ctx.providerId, err: err.message, code: failure.code },
        'upstream request failed',
      );
      sendError(ctx, failure);
    }
    this.finish();
  }

  private countStream(relay: ChatStreamRelay): void {
    const { ctx } = this;
    if (relay.usage) {
      ctx.inputTokens = relay.usage.promptTokens;
      ctx.outputTokens = relay.usage.completionTokens;
    } else {
      ctx.tokensEstimated = true;
      ctx.inputTokens = estimateInputTokens(this.request.body.messages);
      ctx.outputTokens = tokensForChars(relay.outputChars);
    }
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.ctx.res.off('drain', this.onDrain);
    this.settle();
  }
}
