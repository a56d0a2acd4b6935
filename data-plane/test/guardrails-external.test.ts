import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sealSecret, webhookHeaderContext, type SnapshotGuardrailPolicy } from '@switchyard/proto';
import { SNAPSHOT_KEY } from './support/snapshots';
import { waitFor } from './support/poll';
import {
  guardrailPolicy,
  onRoute,
  route,
  startRoutingGateway,
  target,
  type RoutingGateway,
} from './support/routing-gateway';

/** The customer's webhook: refuses texts that mention "refund", hangs on "slow", answers 500 on "broken". */
class FakeWebhook {
  readonly bodies: { stage: string; text: string; model: string }[] = [];
  readonly authorizations: (string | undefined)[] = [];
  /** Answers held back (texts mentioning "gated") until the test releases them. */
  readonly gated: (() => void)[] = [];
  private server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as { stage: string; text: string; model: string };
      this.bodies.push(body);
      this.authorizations.push(req.headers.authorization);
      if (body.text.includes('gated')) {
        this.gated.push(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ pass: false, reason: 'looked at later' }));
        });
        return;
      }
      if (body.text.includes('slow')) return void setTimeout(() => res.end('{"pass":true}'), 2000);
      if (body.text.includes('broken')) return void res.writeHead(500).end('oops');
      const pass = !body.text.includes('refund');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(pass ? { pass } : { pass, reason: 'refunds go through the billing desk' }));
    });
  });

  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/check`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let g: RoutingGateway;
let hook: FakeWebhook;

const policy = (id: string, checks: SnapshotGuardrailPolicy['checks']) =>
  guardrailPolicy(id, 'input', 'deny', checks);

beforeAll(async () => {
  hook = await new FakeWebhook().start();
  g = await startRoutingGateway(
    [
      route('hooked', 'single', [target('echo-hooked')]),
      route('hooked-open', 'single', [target('echo-hooked-open')]),
      route('hooked-async', 'single', [target('echo-hooked-async')]),
      route('judged', 'single', [target('echo-judged')]),
      route('judged-harsh', 'single', [target('echo-judged-harsh')]),
      route('judge-kind', 'single', [target('answer-0.9')]),
      route('judge-harsh', 'single', [target('answer-Score: 0.2')]),
    ],
    {
      content: {
        guardrailPolicies: [
          policy('hook', [
            {
              name: 'desk',
              type: 'webhook',
              params: {
                url: hook.url,
                timeoutMs: 300,
                // Header values travel sealed under the snapshot key, bound to policy, check and name.
                headers: {
                  Authorization: sealSecret(
                    SNAPSHOT_KEY,
                    webhookHeaderContext('hook', 'desk', 'Authorization'),
                    'Bearer hook-secret',
                  ),
                },
              },
            },
          ]),
          {
            ...policy('hook-async', [
              { name: 'desk', type: 'webhook', params: { url: hook.url, timeoutMs: 20_000 } },
            ]),
            stage: 'both',
            mode: 'async',
          },
          policy('hook-open', [
            { name: 'desk', type: 'webhook', params: { url: hook.url, timeoutMs: 300, failOpen: true } },
          ]),
          policy('judge', [
            { name: 'polite', type: 'llm_judge', params: { route: 'judge-kind', rubric: 'polite' } },
          ]),
          policy('judge-harsh', [
            {
              name: 'polite',
              type: 'llm_judge',
              params: { route: 'judge-harsh', rubric: 'polite', threshold: 0.5 },
            },
          ]),
        ],
        guardrailAttachments: [
          onRoute('hook', 'hooked'),
          onRoute('hook-open', 'hooked-open'),
          onRoute('hook-async', 'hooked-async'),
          onRoute('judge', 'judged'),
          onRoute('judge-harsh', 'judged-harsh'),
        ],
      },
    },
  );
});

afterAll(async () => {
  await g?.close();
  await hook?.close();
});

describe('an async policy', () => {
  it('answers without waiting for its checks, and puts their verdicts in the usage record when they finish', async () => {
    const served = await g.chat('hooked-async', { content: 'gated question' });
    // The answer is here while the webhook still holds the input check (and the output one).
    expect(served.text).toBe('Echo: gated question');
    await waitFor('both checks to reach the webhook', () => hook.gated.length === 2);
    expect(served.completion.choices[0].message.content).toBe('Echo: gated question');
    const recorded = () => g.telemetry.records.find((r) => r.requestId === served.requestId);
    // Nothing is reported while the checks run.
    await new Promise((r) => setTimeout(r, 300));
    expect(recorded()).toBeUndefined();
    for (const release of hook.gated.splice(0)) release();
    await waitFor('the usage record', () => recorded() !== undefined);
    expect(
      recorded()!
        .guardrailVerdicts.map((v) => `${v.stage}:${v.policy}/${v.check}=${v.verdict}`)
        .sort(),
    ).toEqual(['input:hook-async/desk=flag', 'output:hook-async/desk=flag']);
  });
});

describe('webhook check', () => {
  it("posts the text to the customer's endpoint and follows its verdict", async () => {
    await expect(g.chat('hooked', { content: 'where is my parcel' })).resolves.toMatchObject({
      text: 'Echo: where is my parcel',
    });
    expect(hook.bodies.at(-1)).toEqual({
      stage: 'input',
      text: 'where is my parcel',
      model: 'hooked',
      metadata: {},
    });
    expect(hook.authorizations.at(-1)).toBe('Bearer hook-secret');
    const refused = await g.refused('hooked', { content: 'I want a refund' });
    expect(refused).toMatchObject({ status: 400, code: 'guardrail_denied' });
    expect(refused.message).toContain('"hook", check "desk": refunds go through the billing desk');
  });

  it('fails closed on a timeout or an error by default, open when told', async () => {
    const slow = await g.refused('hooked', { content: 'slow please' });
    expect(slow.message).toContain('the webhook did not answer within 300 ms');
    const broken = await g.refused('hooked', { content: 'broken please' });
    expect(broken.message).toContain('the webhook answered 500');
    await expect(g.chat('hooked-open', { content: 'slow please' })).resolves.toMatchObject({
      text: 'Echo: slow please',
    });
  });
});

describe('LLM judge check', () => {
  it("scores the text with a model through the gateway's router, as a sub-call", async () => {
    const served = await g.chat('judged', { content: 'thank you kindly' });
    expect(served.text).toBe('Echo: thank you kindly');
    const judged = g.calls('answer-0.9').at(-1)!.body as { messages: { role: string; content: string }[] };
    expect(judged.messages[0].content).toContain('polite');
    expect(judged.messages[1]).toEqual({ role: 'user', content: 'thank you kindly' });
    const sub = await waitFor('the judge sub-call record', () =>
      g.telemetry.records.find((r) => r.parentRequestId === served.requestId),
    );
    expect(sub).toMatchObject({ model: 'answer-0.9', status: 200 });
  });

  it('denies below the threshold', async () => {
    const refused = await g.refused('judged-harsh', { content: 'whatever' });
    expect(refused).toMatchObject({ status: 400, code: 'guardrail_denied' });
    expect(refused.message).toContain('the judge scored 0.2, below 0.5');
    expect(g.calls('echo-judged-harsh')).toHaveLength(0);
  });
});
