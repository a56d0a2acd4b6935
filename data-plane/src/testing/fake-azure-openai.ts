import type { ServerResponse } from 'node:http';
import { chunks, completion, replyFor, type ChatBody } from './fake-openai-answers';
import {
  azureErrors,
  azurePromptFilterChunk,
  entraTokenAnswer,
  filteredOutputChoice,
  promptFilterResults,
  safeFilterResults,
} from './fixtures/azure-openai';
import {
  behaviourOf,
  later,
  sendJson,
  startFakeServer,
  streamFrames,
  type FakeRequest,
  type FakeServerOptions,
  type FakeUpstream,
  withExtras,
} from './fake-upstream';

export interface FakeAzureOpenAIOptions extends FakeServerOptions {
  /** Accepted in the `api-key` header. */
  apiKey?: string;
  /** Entra ID client credentials accepted at `tokenUrl`; the tokens issued are accepted as bearer tokens. */
  clientId?: string;
  clientSecret?: string;
  /** Lifetime of issued tokens in seconds (default 3599). */
  tokenLifetimeSeconds?: number;
}

/** A running fake Azure OpenAI resource (and its Entra ID token endpoint). */
export interface FakeAzureOpenAI extends FakeUpstream {
  /** The tenant's token endpoint on this fake: `<origin>/<tenant>/oauth2/v2.0/token`. */
  tokenUrl: string;
  /** How many tokens were issued. */
  readonly tokensIssued: number;
}

type Fixture = { status: number; headers?: Record<string, string>; body: object };

const send = (res: ServerResponse, fixture: Fixture) =>
  sendJson(res, fixture.status, fixture.body, fixture.headers ?? {});

function badRequest(res: ServerResponse, message: string, param: string | null): void {
  sendJson(res, 400, { error: { message, type: 'invalid_request_error', param, code: null } });
}

/** Adds Azure's filter annotations to a fake OpenAI completion. */
function annotate(answer: object, filtered: boolean): object {
  const out = answer as { choices: object[]; model: string };
  out.choices = filtered
    ? [filteredOutputChoice]
    : out.choices.map((choice) => ({ ...choice, content_filter_results: safeFilterResults }));
  return { ...out, prompt_filter_results: promptFilterResults };
}

/**
 * Answers `POST /openai/deployments/{deployment}/chat/completions|embeddings?api-version=…`
 * like Azure OpenAI, and `POST /{tenant}/oauth2/v2.0/token` like Entra ID. Behaviour by
 * deployment name: `fail-500`, `fail-429` (retry-after), `fail-400` (a content filter
 * error), `filtered-output` (finish_reason content_filter), `slow-<ms>`, `broken-stream`,
 * `garbage-stream`; otherwise as the fake OpenAI (tools → a tool call, else an echo).
 * The request body must not need `model` (the deployment names it).
 */
export async function startFakeAzureOpenAI(options: FakeAzureOpenAIOptions = {}): Promise<FakeAzureOpenAI> {
  const issued = new Set<string>();
  let tokensIssued = 0;

  const token = (req: FakeRequest, res: ServerResponse) => {
    const form = new URLSearchParams(req.raw.toString('utf8'));
    const ok =
      form.get('grant_type') === 'client_credentials' &&
      form.get('client_id') === options.clientId &&
      form.get('client_secret') === options.clientSecret &&
      form.get('scope') === 'https://cognitiveservices.azure.com/.default';
    if (!ok || !options.clientId) {
      return sendJson(res, 401, {
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
      });
    }
    const accessToken = `eyJ0eXAiOiJKV1Qi.fake.${++tokensIssued}`;
    issued.add(accessToken);
    const lifetime = options.tokenLifetimeSeconds ?? entraTokenAnswer.expires_in;
    sendJson(res, 200, { ...entraTokenAnswer, expires_in: lifetime, access_token: accessToken });
  };

  const authorized = (req: FakeRequest) => {
    if (options.apiKey && req.headers['api-key'] === options.apiKey) return true;
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (bearer && issued.has(bearer[1])) return true;
    return !options.apiKey && !options.clientId;
  };

  const chat = (deployment: string, req: FakeRequest, res: ServerResponse) => {
    const body = req.json as ChatBody | undefined;
    if (!body || typeof body !== 'object') return badRequest(res, 'Invalid JSON body.', null);
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      return badRequest(res, "Missing required parameter: 'messages'.", 'messages');
    }
    const behaviour = behaviourOf(deployment);
    if (behaviour.kind === 'fail-500') return send(res, azureErrors.serverError);
    if (behaviour.kind === 'fail-429') return send(res, azureErrors.rateLimited);
    if (behaviour.kind === 'fail-400') return send(res, azureErrors.contentFilter);
    const asked: ChatBody = { ...body, model: 'gpt-4o-2024-08-06' };
    const reply = replyFor(asked);
    const answer = () => {
      if (body.stream !== true) {
        return sendJson(res, 200, annotate(completion(asked, reply), deployment.includes('filtered-output')));
      }
      const events = [JSON.stringify(azurePromptFilterChunk), ...chunks(asked, reply)];
      const frames = events.map((event) => `data: ${event}\n\n`);
      streamFrames(res, frames, behaviour, { 'content-type': 'text/event-stream; charset=utf-8' });
    };
    if (behaviour.kind === 'slow') return later(res, behaviour.ms, answer);
    answer();
  };

  const embeddings = (req: FakeRequest, res: ServerResponse) => {
    const body = req.json as { input?: unknown } | undefined;
    const inputs = typeof body?.input === 'string' ? [body.input] : body?.input;
    if (!Array.isArray(inputs) || inputs.length === 0) {
      return badRequest(res, "'input' is a required property", 'input');
    }
    sendJson(res, 200, {
      object: 'list',
      data: inputs.map((text, index) => ({
        object: 'embedding',
        index,
        embedding: [String(text).length / 100, 0.5, -0.25],
      })),
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: inputs.length * 2, total_tokens: inputs.length * 2 },
    });
  };

  const upstream = await startFakeServer(options, '/openai', (req, res) => {
    if (req.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(req.path)) return token(req, res);
    const route = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/.exec(req.path);
    if (req.method !== 'POST' || !route || !req.query.get('api-version')) {
      return send(res, azureErrors.missingApiVersion);
    }
    if (!authorized(req)) return send(res, azureErrors.invalidKey);
    const deployment = decodeURIComponent(route[1]);
    if (deployment.includes('missing')) return send(res, azureErrors.deploymentNotFound);
    if (route[2] === 'embeddings') return embeddings(req, res);
    chat(deployment, req, res);
  });
  return withExtras(upstream, {
    tokenUrl: `${upstream.origin}/fake-tenant/oauth2/v2.0/token`,
    get tokensIssued() {
      return tokensIssued;
    },
  });
}
