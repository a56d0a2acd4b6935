import type { SnapshotContent } from '@switchyard/proto';
import { hello, startGatewayFixture, type GatewayFixture } from './support/gateway-fixture';
import { errorOf, waitFor } from './support/poll';
import { makeSnapshot, testContent } from './support/snapshots';

/**
 * SSRF protection: provider calls (and guardrail webhooks) reach private, loopback and
 * link-local addresses only when SWITCHYARD_OUTBOUND_ALLOW allows them. The fake upstream
 * listens on 127.0.0.1, so every request it records is one the policy let through.
 */
async function withPolicy(allow: string, body: (f: GatewayFixture) => Promise<void>): Promise<void> {
  const f = await startGatewayFixture({ SWITCHYARD_OUTBOUND_ALLOW: allow });
  try {
    await body(f);
  } finally {
    await f.close();
  }
}

/** `testContent` with the OpenAI provider's base URL replaced, published as `version`. */
async function pointProviderAt(f: GatewayFixture, baseUrl: string, version: number): Promise<void> {
  const content: SnapshotContent = testContent(f.upstream.baseUrl);
  content.providers = content.providers.map((p) => (p.id === 'p-openai' ? { ...p, baseUrl } : p));
  await f.bucket.put(makeSnapshot(content, version));
  await waitFor('the new snapshot', async () => {
    const res = await fetch(`${f.gateway.url}/readyz`);
    return ((await res.json()) as { snapshotVersion?: number }).snapshotVersion === version;
  });
}

const port = (f: GatewayFixture) => new URL(f.upstream.baseUrl).port;

describe('outbound address policy', () => {
  it('refuses loopback by default, by literal address and by a name that resolves to it', async () => {
    await withPolicy('', async (f) => {
      const res = await f.post({ model: 'fast', messages: hello });
      expect(res.status).toBe(502);
      const error = await errorOf(res);
      expect(error.code).toBe('upstream_address_blocked');
      expect(error.message).toMatch(/SWITCHYARD_OUTBOUND_ALLOW/);

      await pointProviderAt(f, `http://localhost:${port(f)}/v1`, 2);
      const byName = await f.post({ model: 'fast', messages: hello });
      expect(byName.status).toBe(502);
      expect((await errorOf(byName)).code).toBe('upstream_address_blocked');
      expect(f.upstream.requests).toHaveLength(0);
    });
  });

  it('refuses link-local (cloud metadata) addresses without dialling them', async () => {
    await withPolicy('127.0.0.0/8', async (f) => {
      await pointProviderAt(f, 'http://169.254.169.254/latest/meta-data', 2);
      const res = await f.post({ model: 'fast', messages: hello });
      expect(res.status).toBe(502);
      expect((await errorOf(res)).code).toBe('upstream_address_blocked');
    });
  });

  it('lets through what the allow list names: a range, or a host name', async () => {
    await withPolicy('127.0.0.1/32', async (f) => {
      const res = await f.post({ model: 'fast', messages: hello });
      expect(res.status).toBe(200);
    });
    await withPolicy('localhost', async (f) => {
      // The name is allowed, the literal address it stands for is not.
      const literal = await f.post({ model: 'fast', messages: hello });
      expect((await errorOf(literal)).code).toBe('upstream_address_blocked');
      await pointProviderAt(f, `http://localhost:${port(f)}/v1`, 2);
      const byName = await f.post({ model: 'fast', messages: hello });
      expect(byName.status).toBe(200);
      expect(f.upstream.requests).toHaveLength(1);
    });
  });

  it('applies to guardrail webhooks too', async () => {
    await withPolicy('', async (f) => {
      const content: SnapshotContent = testContent(f.upstream.baseUrl);
      content.guardrailPolicies = [
        {
          id: 'g1',
          workspaceId: 'w1',
          name: 'hook',
          stage: 'input',
          mode: 'sync',
          action: 'deny',
          checks: [
            { name: 'desk', type: 'webhook', params: { url: `${f.upstream.baseUrl}/hook`, timeoutMs: 2000 } },
          ],
        },
      ];
      content.guardrailAttachments = [{ policyId: 'g1', workspaceId: 'w1', keyId: null, routeId: null }];
      await f.bucket.put(makeSnapshot(content, 2));
      await waitFor('the guarded snapshot', async () => {
        const res = await fetch(`${f.gateway.url}/readyz`);
        return ((await res.json()) as { snapshotVersion?: number }).snapshotVersion === 2;
      });
      const res = await f.post({ model: 'fast', messages: hello });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).message).toMatch(/unreachable/);
      expect(f.upstream.requests).toHaveLength(0);
    });
  });
});
