// A real OpenID Provider (panva's oidc-provider) for the SSO tests, run in its own process
// (oidc-provider is ESM only). It signs users in without a browser: the interaction reads the
// account id from the authorization request's login_hint and finishes login and consent at
// once ("deny" refuses with access_denied). PKCE is required for every client.
//
// Env: REDIRECT_URI (the control plane's callback), CLIENT_ID, CLIENT_SECRET.
// stdout: one JSON line {"issuer": "..."} once listening. POST /test/accounts {id: claims}
// adds or replaces accounts; GET /test/events lists what the provider saw (code_challenge).
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import process from 'node:process';
import Provider from 'oidc-provider';

const accounts = new Map();
const events = [];

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: [process.env.REDIRECT_URI],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
    groups: ['groups'],
  },
  scopes: ['openid', 'email', 'profile', 'groups'],
  jwks: {
    keys: [
      {
        ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
        kid: 'test',
        use: 'sig',
        alg: 'RS256',
      },
    ],
  },
  cookies: { keys: ['oidc-provider-test-cookie-key'] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, sub) {
    const claims = accounts.get(sub);
    if (!claims) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...claims }) };
  },
});
provider.on('authorization.accepted', (ctx) => {
  events.push({
    type: 'authorization',
    code_challenge: ctx.oidc.params.code_challenge ?? null,
    code_challenge_method: ctx.oidc.params.code_challenge_method ?? null,
    nonce: ctx.oidc.params.nonce ?? null,
  });
});
provider.on('grant.success', () => events.push({ type: 'token' }));

const oidc = provider.callback();

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const accountId = details.params.login_hint;
  if (accountId === 'deny' || !accounts.has(accountId)) {
    await provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: accountId === 'deny' ? 'The user refused' : 'Unknown account',
    });
    return;
  }
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } });
}

async function readJson(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return JSON.parse(body);
}

server.on('request', (req, res) => {
  const path = req.url.split('?')[0];
  const fail = (error) => {
    res.statusCode = 500;
    res.end(String(error?.stack ?? error));
  };
  if (path.startsWith('/interaction/')) {
    interaction(req, res).catch(fail);
  } else if (path === '/test/accounts' && req.method === 'POST') {
    readJson(req)
      .then((body) => {
        for (const [id, claims] of Object.entries(body)) accounts.set(id, claims);
        res.end('{}');
      })
      .catch(fail);
  } else if (path === '/test/events') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(events));
  } else {
    oidc(req, res);
  }
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
