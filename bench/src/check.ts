import { chatBody } from './load';
import type { Gateway } from './gateway';

/**
 * One real request through the gateway before any load: a benchmark in which every
 * response is a 401 or a 502 measures nothing, so a gateway that does not answer a chat
 * completion (and, when streaming is measured, a stream of chunks) stops the run.
 */
export async function checkGateway(gateway: Gateway, stream: boolean): Promise<void> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...gateway.headers },
    body: chatBody(gateway.model, false),
  });
  const text = await response.text();
  let object: unknown;
  try {
    object = (JSON.parse(text) as { object?: unknown }).object;
  } catch {
    object = undefined;
  }
  if (response.status !== 200 || object !== 'chat.completion') {
    throw new Error(
      `${gateway.name} did not answer a chat completion: ${response.status} ${text.slice(0, 500)}`,
    );
  }
  if (!stream) return;
  const streamed = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...gateway.headers },
    body: chatBody(gateway.model, true),
  });
  const events = await streamed.text();
  if (
    streamed.status !== 200 ||
    !streamed.headers.get('content-type')?.startsWith('text/event-stream') ||
    !events.includes('chat.completion.chunk') ||
    !events.includes('data: [DONE]')
  ) {
    throw new Error(
      `${gateway.name} did not stream a chat completion: ${streamed.status} ${events.slice(0, 500)}`,
    );
  }
}
