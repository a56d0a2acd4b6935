import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { encodeEvent } from '../providers/bedrock/event-stream';
import { bedrockErrors } from './fixtures/bedrock';
import {
  behaviourOf,
  later,
  pieces,
  sendJson,
  startFakeServer,
  streamFrames,
  tokensOf,
  type FakeRequest,
  type FakeServerOptions,
  type FakeUpstream,
} from './fake-upstream';

/** The static AWS credentials the fake accepts (AWS's documented example key pair). */
export const FAKE_AWS_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
} as const;

export interface FakeBedrockOptions extends FakeServerOptions {
  /** Region expected in the credential scope (default us-east-1). */
  region?: string;
  /** Accepted credentials (default `FAKE_AWS_CREDENTIALS`); a session token, when set, must be sent. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** A Bedrock API key accepted as `Authorization: Bearer`. */
  apiKey?: string;
}

type ErrorFixture = { status: number; type: string; message: string };
type Block = {
  text?: unknown;
  image?: unknown;
  toolUse?: unknown;
  toolResult?: { content?: { text?: unknown }[] };
};
type Message = { role?: unknown; content?: Block[] };
type Converse = { messages?: Message[]; toolConfig?: { tools?: { toolSpec?: { name?: string } }[] } };

function sendError(res: ServerResponse, e: ErrorFixture): void {
  sendJson(
    res,
    e.status,
    { message: e.message },
    { 'x-amzn-errortype': `${e.type}:http://internal.amazon.com/coral/com.amazon.bedrock/` },
  );
}

const DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * Checks a request's SigV4 signature the way AWS does: recomputes it from the request as
 * received (method, raw path, the signed headers, the body) with the known secret and the
 * request's own date, and compares. Returns why it is refused, or null.
 */
async function signatureProblem(req: FakeRequest, options: FakeBedrockOptions): Promise<ErrorFixture | null> {
  const authorization = req.headers.authorization ?? '';
  if (options.apiKey && authorization === `Bearer ${options.apiKey}`) return null;
  const parsed =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (!parsed)
    return {
      status: 403,
      type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    };
  const [, keyId, , region, service, signedHeaders] = parsed;
  const credentials = options.credentials ?? FAKE_AWS_CREDENTIALS;
  if (keyId !== credentials.accessKeyId) {
    return {
      status: 403,
      type: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    };
  }
  const date = DATE.exec(String(req.headers['x-amz-date'] ?? ''));
  if (!date || region !== (options.region ?? 'us-east-1') || service !== 'bedrock')
    return bedrockErrors.badSignature;
  const signingDate = new Date(Date.UTC(+date[1], +date[2] - 1, +date[3], +date[4], +date[5], +date[6]));
  if (Math.abs(Date.now() - signingDate.getTime()) > 15 * 60_000) {
    return { status: 403, type: 'InvalidSignatureException', message: 'Signature expired.' };
  }
  if (
    'sessionToken' in credentials &&
    credentials.sessionToken &&
    req.headers['x-amz-security-token'] !== credentials.sessionToken
  ) {
    return {
      status: 403,
      type: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    };
  }
  // The signer trusts x-amz-content-sha256 for the payload hash; AWS checks it against the body.
  const declared = req.headers['x-amz-content-sha256'];
  if (declared !== undefined && declared !== createHash('sha256').update(req.raw).digest('hex')) {
    return bedrockErrors.badSignature;
  }
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(';')) headers[name] = String(req.headers[name] ?? '');
  const [hostname, port] = headers.host.split(':');
  const signer = new SignatureV4({ service, region, credentials, sha256: Sha256 });
  const expected = await signer.sign(
    {
      method: req.method,
      protocol: 'http:',
      hostname,
      port: port ? Number(port) : undefined,
      path: req.path,
      query: {},
      headers,
      body: req.raw.toString('utf8'),
    },
    { signingDate, signableHeaders: new Set(signedHeaders.split(';')) },
  );
  return expected.headers.authorization === authorization ? null : bedrockErrors.badSignature;
}

function textOf(blocks: Block[] | undefined): string {
  return (blocks ?? [])
    .map((b) =>
      typeof b.text === 'string'
        ? b.text
        : b.toolResult
          ? (b.toolResult.content ?? []).map((c) => c.text).join('')
          : '',
    )
    .join(' ');
}

/** What Bedrock checks in a Converse body; the error to answer, or null. */
function invalid(body: Converse): ErrorFixture | null {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    return {
      ...bedrockErrors.validation,
      message: 'The model returned the following errors: messages: field required',
    };
  }
  if (messages[0].role !== 'user') return bedrockErrors.validation;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (i > 0 && messages[i - 1].role === m.role) {
      return {
        ...bedrockErrors.validation,
        message: 'A conversation must alternate between user and assistant roles.',
      };
    }
    if (!Array.isArray(m.content) || m.content.length === 0) {
      return {
        ...bedrockErrors.validation,
        message: `The content field in the Message object at messages.${i} is empty.`,
      };
    }
    for (const block of m.content) {
      if (
        Object.keys(block).length !== 1 ||
        !['text', 'image', 'toolUse', 'toolResult', 'document', 'reasoningContent', 'cachePoint'].includes(
          Object.keys(block)[0],
        )
      ) {
        return { ...bedrockErrors.validation, message: `Malformed content block in messages.${i}` };
      }
    }
  }
  return null;
}

/**
 * Answers Bedrock runtime's `POST /model/{modelId}/converse`, `/converse-stream` (binary
 * event stream framed with `EventStreamCodec`) and `/invoke` (Titan and Cohere embedding
 * models), after checking the SigV4 signature for real (403 `InvalidSignatureException`
 * on a mismatch). Behaviour by model id: `fail-500`, `fail-429`, `fail-400`, `slow-<ms>`,
 * `broken-stream`, `garbage-stream`, `stream-exception` (a `throttlingException` event
 * mid-stream); tools offered → a `toolUse`, else an echo.
 */
export async function startFakeBedrock(options: FakeBedrockOptions = {}): Promise<FakeUpstream> {
  const converse = (modelId: string, stream: boolean, req: FakeRequest, res: ServerResponse) => {
    const body = req.json as Converse | undefined;
    if (!body || typeof body !== 'object')
      return sendError(res, { ...bedrockErrors.validation, message: 'Malformed input request' });
    const problem = invalid(body);
    if (problem) return sendError(res, problem);
    const behaviour = behaviourOf(modelId);
    if (behaviour.kind === 'fail-500') return sendError(res, bedrockErrors.internal);
    if (behaviour.kind === 'fail-429') return sendError(res, bedrockErrors.throttled);
    if (behaviour.kind === 'fail-400') return sendError(res, bedrockErrors.tooLong);
    const messages = body.messages as Message[];
    const last = messages[messages.length - 1];
    const lastIsToolResult = (last.content ?? []).some((b) => b.toolResult);
    const userText = textOf(last.content);
    const tool = lastIsToolResult ? undefined : body.toolConfig?.tools?.[0]?.toolSpec?.name;
    const reply = lastIsToolResult ? `Tool said: ${userText}` : `Echo: ${userText}`;
    const input = { input: userText };
    const usage = {
      inputTokens: tokensOf(messages.map((m) => textOf(m.content)).join('')),
      outputTokens: tokensOf(tool ? JSON.stringify(input) : reply),
      cacheReadInputTokens: 0,
    };
    const toolUseId = 'tooluse_fake0001';
    const answer = () => {
      if (!stream) {
        const content = tool ? [{ toolUse: { toolUseId, name: tool, input } }] : [{ text: reply }];
        return sendJson(res, 200, {
          output: { message: { role: 'assistant', content } },
          stopReason: tool ? 'tool_use' : 'end_turn',
          usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens },
          metrics: { latencyMs: 10 },
        });
      }
      const events: [string, object][] = [['messageStart', { role: 'assistant' }]];
      if (tool) {
        events.push([
          'contentBlockStart',
          { contentBlockIndex: 0, start: { toolUse: { toolUseId, name: tool } } },
        ]);
        for (const p of pieces(JSON.stringify(input)))
          events.push(['contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: p } } }]);
      } else {
        for (const p of pieces(reply))
          events.push(['contentBlockDelta', { contentBlockIndex: 0, delta: { text: p } }]);
      }
      events.push(['contentBlockStop', { contentBlockIndex: 0 }]);
      events.push(['messageStop', { stopReason: tool ? 'tool_use' : 'end_turn' }]);
      events.push([
        'metadata',
        {
          usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens },
          metrics: { latencyMs: 10 },
        },
      ]);
      const frames = events.map(([type, payload]) =>
        Buffer.from(encodeEvent(type, { ...payload, p: 'abcdefgh' })),
      );
      if (modelId.includes('stream-exception')) {
        frames.splice(
          2,
          frames.length,
          Buffer.from(
            encodeEvent(
              'throttlingException',
              { message: 'Too many tokens, please wait before trying again.' },
              'exception',
            ),
          ),
        );
      }
      streamFrames(res, frames, behaviour, {
        'content-type': 'application/vnd.amazon.eventstream',
        'x-amzn-requestid': 'fake-request-id',
      });
    };
    if (behaviour.kind === 'slow') return later(res, behaviour.ms, answer);
    answer();
  };

  const invoke = (modelId: string, req: FakeRequest, res: ServerResponse) => {
    const body = req.json as
      | { inputText?: unknown; dimensions?: unknown; texts?: unknown; input_type?: unknown }
      | undefined;
    if (modelId.startsWith('amazon.titan-embed')) {
      if (typeof body?.inputText !== 'string')
        return sendError(res, {
          ...bedrockErrors.validation,
          message: 'Malformed input request: required key [inputText] not found',
        });
      const size = typeof body.dimensions === 'number' ? body.dimensions : 4;
      return sendJson(res, 200, {
        embedding: Array.from({ length: size }, (_, i) => (body.inputText as string).length / 100 + i),
        inputTextTokenCount: tokensOf(body.inputText),
      });
    }
    if (modelId.startsWith('cohere.embed')) {
      if (!Array.isArray(body?.texts) || typeof body.input_type !== 'string') {
        return sendError(res, {
          ...bedrockErrors.validation,
          message: 'Malformed input request: texts and input_type are required',
        });
      }
      const texts = body.texts as string[];
      return sendJson(res, 200, {
        embeddings: texts.map((t) => [t.length / 100, 0.5]),
        id: 'fake',
        response_type: 'embeddings_floats',
        texts,
      });
    }
    sendError(res, bedrockErrors.notFound);
  };

  return startFakeServer(options, '', (req, res) => {
    void signatureProblem(req, options).then((problem) => {
      if (problem) return sendError(res, problem);
      const route = /^\/model\/([^/]+)\/(converse|converse-stream|invoke)$/.exec(req.path);
      if (req.method !== 'POST' || !route)
        return sendError(res, {
          status: 404,
          type: 'UnknownOperationException',
          message: 'Unknown operation',
        });
      const modelId = decodeURIComponent(route[1]);
      if (route[2] === 'invoke') return invoke(modelId, req, res);
      converse(modelId, route[2] === 'converse-stream', req, res);
    });
  });
}
