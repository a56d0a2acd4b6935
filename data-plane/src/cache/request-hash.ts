import { createHash } from 'node:crypto';
import { canonicalJson } from '@switchyard/proto';
import type { ChatBody } from '../providers/adapter-types';
import { contentText } from '../routing/messages';

// Request fields that do not change the answer: how it is delivered and who asked.
const IGNORED = new Set(['stream', 'stream_options', 'user', 'metadata', 'store']);

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function withoutIgnored(body: ChatBody, alsoDrop?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!IGNORED.has(k) && k !== alsoDrop) out[k] = v;
  return out;
}

/**
 * The exact-cache identity of a request: a SHA-256 over the workspace, the route and the
 * canonical request (model alias, messages, tools, sampling parameters, in sorted-key JSON),
 * leaving out `stream`, `stream_options`, `user`, `metadata` and `store`. Equal requests of
 * two workspaces hash differently, so entries are never shared across workspaces.
 */
export function exactHash(workspaceId: string, routeId: string, body: ChatBody): string {
  return sha256(canonicalJson({ w: workspaceId, r: routeId, b: withoutIgnored(body) }));
}

/** What a semantic lookup compares: the last user message, and the hash of everything else. */
export interface SemanticQuery {
  /** The text of the last user message, which is embedded. */
  text: string;
  /**
   * SHA-256 over the workspace, route, embedder, every message before the last one (system
   * prompt and prior turns) and every other parameter (tools, sampling): two requests can
   * share an answer only when all of these are equal.
   */
  contextHash: string;
}

/**
 * The semantic-cache view of a request, or null when it has none: the last message must be
 * a user message with text (an answer to a tool result is not looked up by meaning).
 */
export function semanticQuery(
  workspaceId: string,
  routeId: string,
  embedderId: string,
  body: ChatBody,
): SemanticQuery | null {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) return null;
  const last = messages[messages.length - 1] as { role?: unknown; content?: unknown } | null;
  if (last?.role !== 'user') return null;
  // An image or file in the question is not in the embedding, so it cannot be matched by meaning.
  if (Array.isArray(last.content) && last.content.some((p) => (p as { type?: unknown })?.type !== 'text'))
    return null;
  const text = contentText(last.content);
  if (text === '') return null;
  const context = {
    w: workspaceId,
    r: routeId,
    e: embedderId,
    prior: messages.slice(0, -1),
    b: withoutIgnored(body, 'messages'),
  };
  return { text, contextHash: sha256(canonicalJson(context)) };
}
