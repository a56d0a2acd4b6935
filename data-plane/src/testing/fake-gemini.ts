import type { ServerResponse } from 'node:http';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { anthropicAnswer } from './fake-gemini-anthropic';
import {
  blockedResponse,
  embedding,
  generateContentResponse,
  replyFor,
  streamEvents,
  type GeminiRequestBody,
} from './fake-gemini-answers';
import { checkGenerateContent } from './fake-gemini-checks';
import {
  sendJson as sendJsonBody,
  startFakeServer,
  withExtras,
  type FakeRequest,
  type FakeServerOptions,
  type RecordedRequest,
} from './fake-upstream';
import { googleErrors, oauthErrors } from './fixtures/gemini/errors';
import { makeTestServiceAccount, type TestServiceAccount } from './fixtures/gemini/service-account';

export interface FakeGeminiOptions extends FakeServerOptions {
  /** When set, Gemini API calls must carry `x-goog-api-key: <apiKey>` (or `?key=`), and Vertex calls accept it as a bearer token. */
  apiKey?: string;
  /** Lifetime of issued access tokens (`expires_in`), default 3599. */
  tokenLifetimeSeconds?: number;
}

/** A running fake of Google's Gemini API, Vertex AI and OAuth token endpoint. */
export interface FakeGemini {
  /** `http://127.0.0.1:<port>/v1beta`: a Gemini API base URL. */
  baseUrl: string;
  /** `http://127.0.0.1:<port>/v1`: a Vertex AI base URL (any project and location). */
  vertexBaseUrl: string;
  /** `http://127.0.0.1:<port>/token`: the OAuth 2.0 token endpoint. */
  tokenUrl: string;
  /** A service account the token endpoint knows (key made at start; `token_uri` is `tokenUrl`). */
  serviceAccount: TestServiceAccount;
  /** Makes the token endpoint know another account (its public key is checked against JWTs). */
  trust(account: TestServiceAccount): void;
  requests: RecordedRequest[];
  /** How many access tokens the token endpoint issued. */
  readonly tokensIssued: number;
  /** How many responses were cut off by the client. */
  readonly abortedByClient: number;
  close(): Promise<void>;
}

type ErrorFixture = { status: number; headers?: Record<string, string>; body: object };

const BEHAVIOURS: Record<string, ErrorFixture> = {
  'fail-500': googleErrors.internal,
  'fail-503': googleErrors.unavailable,
  'fail-504': googleErrors.deadlineExceeded,
  'fail-429': googleErrors.rateLimited,
  'fail-400': googleErrors.badRequest,
  'fail-404': googleErrors.modelNotFound,
};

const GEMINI_PATH = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent|batchEmbedContents)$/;
const VERTEX_PATH =
  /^\/v1\/projects\/[^/]+\/locations\/[^/]+\/publishers\/(google|anthropic)\/models\/([^/:]+):(generateContent|streamGenerateContent|predict|rawPredict|streamRawPredict)$/;
const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): void {
  sendJsonBody(res, status, body, { ...headers, 'content-type': 'application/json; charset=UTF-8' });
}

function googleError(res: ServerResponse, status: number, message: string, statusName: string): void {
  sendJson(res, status, { error: { code: status, message, status: statusName } });
}

function sse(res: ServerResponse, frames: string[], mode: 'normal' | 'stall' | 'broken' | 'garbage'): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (mode === 'garbage') {
    res.end(`${frames[0]}data: {"candidates": [{"content": \r\n\r\n`);
    return;
  }
  if (mode === 'stall') return void res.write(frames[0]);
  if (mode === 'broken') return void res.write(frames[0], () => res.socket?.destroy());
  for (const frame of frames) res.write(frame);
  res.end();
}

const googleFrame = (event: object) => `data: ${JSON.stringify(event)}\r\n\r\n`;

/**
 * Answers like Google: the Gemini API (`/v1beta/models/{model}:generateContent`,
 * `:streamGenerateContent?alt=sse`, `:batchEmbedContents`), Vertex AI
 * (`/v1/projects/*\/locations/*\/publishers/google/models/{model}:…` and Claude's
 * `publishers/anthropic/models/{model}:rawPredict|streamRawPredict`, `:predict` for
 * embeddings) and the OAuth token endpoint (JWT bearer grant, signature checked with the
 * service account's public key). Behaviour by model: `fail-500`/`-503`/`-504`/`-429`
 * (with retry-after)/`-400`/`-404` answer Google errors; `slow-<ms>` waits;
 * `stall-stream`, `broken-stream`, `garbage-stream` misbehave mid-stream; `blocked`
 * blocks the prompt; `tools` (or declared functions) calls a function; names with
 * `thinking` add thoughts and cached tokens; anything else echoes.
 */
export async function startFakeGemini(options: FakeGeminiOptions = {}): Promise<FakeGemini> {
  const lifetime = options.tokenLifetimeSeconds ?? 3599;
  const accounts = new Map<string, TestServiceAccount>();
  const tokens = new Map<string, number>(); // token → expiry (ms)
  let tokensIssued = 0;
  let tokenUrl = '';

  const issueToken = async (res: ServerResponse, raw: string) => {
    const form = new URLSearchParams(raw);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      return sendJson(res, 400, {
        ...oauthErrors.unsupportedGrant,
        error_description: `Invalid grant_type: ${form.get('grant_type') ?? ''}`,
      });
    }
    const assertion = form.get('assertion') ?? '';
    try {
      const { kid } = decodeProtectedHeader(assertion);
      const claims = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
        iss?: string;
      };
      const account = accounts.get(claims.iss ?? '');
      if (!account)
        return sendJson(res, 400, {
          error: 'invalid_grant',
          error_description: 'Invalid grant: account not found',
        });
      if (kid !== undefined && kid !== account.privateKeyId) throw new Error('kid');
      const { payload } = await jwtVerify(assertion, account.publicKey, {
        algorithms: ['RS256'],
        issuer: account.clientEmail,
        audience: tokenUrl,
        maxTokenAge: 3600 + 60,
        clockTolerance: 300, // Google allows some clock skew too
      });
      if (typeof payload.scope !== 'string' || !payload.scope.split(' ').includes(SCOPE)) {
        return sendJson(res, 400, {
          error: 'invalid_scope',
          error_description: 'Invalid OAuth scope or ID token audience provided.',
        });
      }
    } catch {
      return sendJson(res, 400, oauthErrors.invalidSignature);
    }
    const token = `ya29.fake-${++tokensIssued}-${Math.random().toString(36).slice(2)}`;
    tokens.set(token, Date.now() + lifetime * 1000);
    sendJson(res, 200, { access_token: token, expires_in: lifetime, token_type: 'Bearer' });
  };

  const vertexAuthorized = (req: FakeRequest): boolean => {
    const auth = req.headers.authorization;
    if (!auth?.startsWith('Bearer ')) return false;
    const token = auth.slice('Bearer '.length);
    if (options.apiKey && token === options.apiKey) return true;
    const expiry = tokens.get(token);
    return expiry !== undefined && expiry > Date.now();
  };

  const geminiAuthorized = (req: FakeRequest): 'ok' | 'missing' | 'invalid' => {
    if (!options.apiKey) return 'ok';
    const key = req.headers['x-goog-api-key'] ?? req.query.get('key');
    if (key === undefined || key === null) return 'missing';
    return key === options.apiKey ? 'ok' : 'invalid';
  };

  const generate = (
    res: ServerResponse,
    model: string,
    body: unknown,
    stream: boolean,
    sseFraming: boolean,
  ) => {
    const fixture = BEHAVIOURS[model];
    if (fixture) return sendJson(res, fixture.status, fixture.body, fixture.headers);
    const problem = checkGenerateContent(body);
    if (problem) return googleError(res, 400, problem, 'INVALID_ARGUMENT');
    const request = body as GeminiRequestBody;
    if (model === 'tools' && !request.tools?.some((t) => t.functionDeclarations?.length)) {
      return googleError(res, 400, 'The model `tools` needs function declarations.', 'INVALID_ARGUMENT');
    }
    const answer = () => {
      if (model === 'blocked') {
        const blocked = blockedResponse(model, request);
        return stream ? sse(res, [googleFrame(blocked)], 'normal') : sendJson(res, 200, blocked);
      }
      const reply = replyFor(model, request);
      if (!stream) return sendJson(res, 200, generateContentResponse(model, request, reply));
      const events = streamEvents(model, request, reply);
      if (!sseFraming) return sendJson(res, 200, events); // without alt=sse Google streams a JSON array
      const mode =
        model === 'stall-stream'
          ? 'stall'
          : model === 'broken-stream'
            ? 'broken'
            : model === 'garbage-stream'
              ? 'garbage'
              : 'normal';
      sse(res, events.map(googleFrame), mode);
    };
    const slow = /^slow-(\d+)$/.exec(model);
    if (!slow) return answer();
    const timer = setTimeout(answer, Number(slow[1]));
    res.once('close', () => clearTimeout(timer));
  };

  const batchEmbed = (res: ServerResponse, model: string, body: unknown) => {
    const list = (body as { requests?: unknown } | null)?.requests;
    if (!Array.isArray(list) || list.length === 0) {
      return googleError(
        res,
        400,
        '* BatchEmbedContentsRequest.requests: requests is not specified\n',
        'INVALID_ARGUMENT',
      );
    }
    const embeddings = [];
    for (const [i, r] of (
      list as { model?: string; content?: { parts?: { text?: string }[] }; outputDimensionality?: number }[]
    ).entries()) {
      if (r?.model !== `models/${model}`) {
        return googleError(
          res,
          400,
          `* BatchEmbedContentsRequest.model: Model names should be the same for all requests (requests[${i}]).\n`,
          'INVALID_ARGUMENT',
        );
      }
      const text = r.content?.parts?.map((p) => p.text ?? '').join('') ?? '';
      embeddings.push({ values: embedding(text, r.outputDimensionality ?? 8) });
    }
    sendJson(res, 200, { embeddings });
  };

  const predictEmbeddings = (res: ServerResponse, body: unknown) => {
    const b = body as {
      instances?: { content?: string }[];
      parameters?: { outputDimensionality?: number };
    } | null;
    if (!Array.isArray(b?.instances) || b.instances.length === 0) {
      return googleError(res, 400, 'Invalid instances: instances must not be empty.', 'INVALID_ARGUMENT');
    }
    const dims = b.parameters?.outputDimensionality ?? 8;
    sendJson(res, 200, {
      predictions: b.instances.map((i) => ({
        embeddings: {
          values: embedding(i.content ?? '', dims),
          statistics: { truncated: false, token_count: Math.max(1, Math.ceil((i.content ?? '').length / 4)) },
        },
      })),
      metadata: { billableCharacterCount: b.instances.reduce((n, i) => n + (i.content ?? '').length, 0) },
    });
  };

  const anthropic = (res: ServerResponse, model: string, body: unknown, stream: boolean) => {
    const fixture = BEHAVIOURS[model];
    if (fixture) return sendJson(res, fixture.status, fixture.body, fixture.headers);
    const answer = anthropicAnswer(model, body, stream);
    if (!answer.events) return sendJson(res, answer.status, answer.body);
    sse(
      res,
      answer.events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
      'normal',
    );
  };

  const route = (req: FakeRequest, res: ServerResponse) => {
    const path = req.path;
    if (req.method !== 'POST') {
      return googleError(res, 404, `The requested URL ${path} was not found on this server.`, 'NOT_FOUND');
    }
    if (path === '/token') return void issueToken(res, req.raw.toString('utf8'));
    const body = req.json;
    if (body === undefined) {
      return googleError(
        res,
        400,
        `Invalid JSON payload received. Unexpected token.\n${req.raw.toString('utf8').slice(0, 20)}\n^`,
        'INVALID_ARGUMENT',
      );
    }
    const gemini = GEMINI_PATH.exec(path);
    if (gemini) {
      const auth = geminiAuthorized(req);
      if (auth === 'missing')
        return sendJson(res, googleErrors.missingApiKey.status, googleErrors.missingApiKey.body);
      if (auth === 'invalid')
        return sendJson(res, googleErrors.invalidApiKey.status, googleErrors.invalidApiKey.body);
      const [, model, method] = gemini;
      if (method === 'batchEmbedContents') return batchEmbed(res, model, body);
      return generate(res, model, body, method === 'streamGenerateContent', req.query.get('alt') === 'sse');
    }
    const vertex = VERTEX_PATH.exec(path);
    if (vertex) {
      if (!vertexAuthorized(req))
        return sendJson(res, googleErrors.unauthenticated.status, googleErrors.unauthenticated.body);
      const [, publisher, model, method] = vertex;
      if (publisher === 'anthropic') {
        if (method !== 'rawPredict' && method !== 'streamRawPredict')
          return googleError(res, 404, 'Not found.', 'NOT_FOUND');
        return anthropic(res, model, body, method === 'streamRawPredict');
      }
      if (method === 'predict') return predictEmbeddings(res, body);
      if (method === 'generateContent' || method === 'streamGenerateContent') {
        return generate(res, model, body, method === 'streamGenerateContent', req.query.get('alt') === 'sse');
      }
    }
    googleError(res, 404, `The requested URL ${path} was not found on this server.`, 'NOT_FOUND');
  };

  const upstream = await startFakeServer(options, '/v1beta', route);
  tokenUrl = `${upstream.origin}/token`;
  const serviceAccount = makeTestServiceAccount(tokenUrl);
  accounts.set(serviceAccount.clientEmail, serviceAccount);

  return withExtras(upstream, {
    vertexBaseUrl: `${upstream.origin}/v1`,
    tokenUrl,
    serviceAccount,
    trust: (account: TestServiceAccount) => void accounts.set(account.clientEmail, account),
    get tokensIssued() {
      return tokensIssued;
    },
  });
}
