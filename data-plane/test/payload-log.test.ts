import { route, startRoutingGateway, target, type RoutingGateway } from './support/routing-gateway';
import { waitFor } from './support/poll';

/**
 * A workspace that logs payloads: each request's messages and its answer's text travel in its
 * usage record (and the node's log), with everything its guardrail checks can find masked —
 * here a PII check whose action is only `flag`, so the client still gets the unredacted answer.
 */
let g: RoutingGateway;

beforeAll(async () => {
  g = await startRoutingGateway([route('logged', 'single', [target('echo-logged')])], {
    content: {
      workspaces: [{ id: 'w1', slug: 'demo', name: 'Demo', logPayloads: true }],
      guardrailPolicies: [
        {
          id: 'g-pii',
          workspaceId: 'w1',
          name: 'pii-watch',
          stage: 'both',
          mode: 'sync',
          action: 'flag',
          checks: [{ name: 'emails', type: 'pii', params: { types: ['email'] } }],
        },
      ],
      guardrailAttachments: [{ policyId: 'g-pii', workspaceId: 'w1', keyId: null, routeId: null }],
    },
  });
});

afterAll(async () => {
  await g?.close();
});

const recordOf = (requestId: string) => g.telemetry.records.find((r) => r.requestId === requestId);

it('keeps the redacted prompt and answer of a completion', async () => {
  const served = await g.chat('logged', { content: 'write to ann@example.com please' });
  // The policy only flags: the client's answer is untouched.
  expect(served.text).toBe('Echo: write to ann@example.com please');
  await waitFor('the usage record', () => recordOf(served.requestId) !== undefined);
  const record = recordOf(served.requestId)!;
  expect(JSON.parse(record.requestPayload)).toEqual([
    { role: 'user', content: 'write to [REDACTED_EMAIL] please' },
  ]);
  expect(record.responsePayload).toBe('Echo: write to [REDACTED_EMAIL] please');
});

it('keeps the answer of a stream too, assembled from its chunks', async () => {
  const stream = await g
    .client()
    .chat.completions.create({
      model: 'logged',
      messages: [{ role: 'user', content: 'stream to bob@example.org' }],
      stream: true,
    })
    .withResponse();
  let text = '';
  for await (const chunk of stream.data) text += chunk.choices[0]?.delta?.content ?? '';
  expect(text).toContain('bob@example.org');
  const requestId = stream.response.headers.get('x-request-id')!;
  await waitFor('the usage record', () => recordOf(requestId) !== undefined);
  expect(recordOf(requestId)!.responsePayload).toBe(text.replace('bob@example.org', '[REDACTED_EMAIL]'));
});
