import type { SoakPlatform } from './platform';
import { DENIED_TEXT, EMAIL, LOAD_TEXT, REDACTED, soakBody } from './workspace';

/** The text of a streamed answer: its chunks' content deltas joined (a redaction may span chunks). */
function streamedText(events: string): string {
  let text = '';
  for (const line of events.split('\n')) {
    if (!line.startsWith('data: {')) continue;
    const chunk = JSON.parse(line.slice(6)) as { choices?: { delta?: { content?: string | null } }[] };
    text += chunk.choices?.[0]?.delta?.content ?? '';
  }
  return text;
}

/**
 * Before any load, on each node: routing and guardrails are really on. A chat completion and
 * a stream (ending in usage and `[DONE]`) answer with the email redacted, a request matching
 * the `regex_deny` is refused with 400 `guardrail_denied`, and the weighted route sends
 * requests to both provider accounts. Anything else stops the run: a soak of 4xx measures nothing.
 */
export async function checkSoak(platform: SoakPlatform): Promise<void> {
  const providers = new Set<string>();
  for (const node of platform.nodes) {
    const post = (text: string, stream: boolean) =>
      fetch(node.url, { method: 'POST', headers: platform.headers, body: soakBody(text, stream) });
    const plain = await post(LOAD_TEXT, false);
    const answer = await plain.text();
    if (plain.status !== 200 || !answer.includes(REDACTED) || answer.includes(EMAIL)) {
      throw new Error(`${node.nodeId}: no redacted chat completion: ${plain.status} ${answer.slice(0, 500)}`);
    }
    const streamed = await post(LOAD_TEXT, true);
    const events = await streamed.text();
    const text = streamed.status === 200 ? streamedText(events) : '';
    if (
      !text.includes(REDACTED) ||
      text.includes(EMAIL) ||
      !events.includes('"usage":{') ||
      !events.includes('data: [DONE]')
    ) {
      throw new Error(
        `${node.nodeId}: no redacted stream with usage: ${streamed.status} ${events.slice(0, 500)}`,
      );
    }
    const denied = await post(DENIED_TEXT, false);
    const error = (await denied.json().catch(() => ({}))) as { error?: { code?: string } };
    if (denied.status !== 400 || error.error?.code !== 'guardrail_denied') {
      throw new Error(
        `${node.nodeId}: the regex_deny check did not deny: ${denied.status} ${JSON.stringify(error)}`,
      );
    }
    for (let i = 0; i < 16; i++) {
      const response = await post(LOAD_TEXT, false);
      await response.arrayBuffer();
      const provider = response.headers.get('x-switchyard-provider');
      if (provider) providers.add(provider);
    }
  }
  if (providers.size !== 2) {
    throw new Error(`the weighted route answered from ${providers.size} provider account(s), not 2`);
  }
}
