import { performance } from 'node:perf_hooks';
import type { ChatBody, TokenUsage } from '../providers/adapter-types';
import type { CompiledEnsemble, CompiledRoute, CompiledTarget } from '../snapshot/compiled';
import { failure, type BufferedSuccess } from '../upstream/attempt';
import { Cancellation } from '../upstream/cancellation';
import { completionText } from './messages';
import { routeError, runTarget, type RouteCall, type RouteOutcome } from './router';

const SELECT_PROMPT =
  'You are judging candidate answers to the conversation above. Reply with only the number of the best candidate, nothing else.';
const SYNTHESIZE_PROMPT =
  'You are given candidate answers to the conversation above. Write the single best final answer to the last user message: combine their strengths, correct their mistakes, and reply with the answer only, without mentioning the candidates.';

interface Answer {
  member: number;
  outcome: RouteOutcome & { result: BufferedSuccess };
  text: string;
}

/** Adds token counts (for an ensemble's total usage). */
function addUsage(a: TokenUsage | null, b: TokenUsage | null): TokenUsage | null {
  if (!a) return b;
  if (!b) return a;
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    cachedTokens: a.cachedTokens + b.cachedTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
  };
}

/** Normalises a short answer for voting: case, surrounding punctuation and spacing do not count. */
export function voteKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["'`([]+|["'`)\].!?;:,]+$/g, '')
    .trim();
}

/** The majority answer; ties go to the answer given first (by member order). */
export function majority(answers: { member: number; text: string }[]): number {
  const counts = new Map<string, { n: number; first: number }>();
  for (const a of [...answers].sort((x, y) => x.member - y.member)) {
    const key = voteKey(a.text);
    const entry = counts.get(key);
    if (entry) entry.n++;
    else counts.set(key, { n: 1, first: a.member });
  }
  let best = { n: 0, first: Infinity };
  for (const entry of counts.values())
    if (entry.n > best.n || (entry.n === best.n && entry.first < best.first)) best = entry;
  return best.first;
}

/** The judge's request: the conversation, the candidates, and the instructions. */
function judgeBody(body: ChatBody, answers: Answer[], instructions: string): ChatBody {
  const candidates = answers.map((a, i) => `[${i + 1}]\n${a.text}`).join('\n\n');
  const messages = Array.isArray(body.messages) ? body.messages : [];
  return {
    ...body,
    messages: [
      ...messages,
      { role: 'user', content: `Candidate answers:\n\n${candidates}\n\n${instructions}` },
    ],
  };
}

/**
 * Serves a call on an ensemble route: every target in parallel (buffered, each with its
 * own retries and fallbacks), bounded by the deadline; members that fail are skipped, and
 * fewer than `minResponses` answers fail the call. Then:
 * - `first`: the first good answer wins and the others are aborted upstream (hedging);
 * - `vote`: the majority over normalised answers;
 * - `select`: a judge names the best candidate;
 * - `synthesize`: a judge writes the final answer from the candidates (streamed to the
 *   client when it asked for a stream).
 * Every member and judge call is recorded as a sub-call; the answer's usage is the total.
 */
export async function runEnsemble(route: CompiledRoute, call: RouteCall): Promise<RouteOutcome> {
  const settings = route.ensemble!;
  const members = route.targets;
  const cancellations = members.map(() => new Cancellation());
  const abortAll = () => cancellations.forEach((c) => c.abort());
  call.cancellation.onAbort(abortAll);
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    abortAll();
  }, settings.deadlineMs);
  const memberBody: ChatBody = { ...call.body, stream: false };
  delete memberBody.stream_options;

  const answers: Answer[] = [];
  let total: TokenUsage | null = null;
  try {
    await new Promise<void>((resolve) => {
      let pending = members.length;
      members.forEach((member, i) => {
        const started = performance.now();
        const sub: RouteCall = { ...call, body: memberBody, sink: null, cancellation: cancellations[i] };
        void runTarget(member, sub).then((outcome) => {
          call.recordSubCall(outcome, memberBody, performance.now() - started);
          if (outcome.result.ok && !outcome.result.streamed) {
            total = addUsage(total, outcome.result.usage);
            answers.push({
              member: i,
              outcome: outcome as Answer['outcome'],
              text: completionText(outcome.result.completion),
            });
            if (settings.mode === 'first') {
              cancellations.forEach((c, j) => j !== i && c.abort());
              resolve();
            }
          }
          if (--pending === 0) resolve();
        });
      });
    });
  } finally {
    clearTimeout(deadline);
    call.cancellation.offAbort(abortAll);
  }
  call.trace.ensemble = `${settings.mode}; answered=${answers.length}/${members.length}`;
  if (call.cancellation.aborted) {
    return {
      result: failure(
        'cancelled',
        routeError(499, 'client_closed_request', 'The client closed the request.'),
      ),
      target: null,
    };
  }
  const needed = settings.mode === 'first' ? 1 : settings.minResponses;
  if (answers.length < needed) {
    const why = timedOut ? `within ${settings.deadlineMs} ms` : 'before every member failed';
    return {
      result: failure(
        'status',
        routeError(
          timedOut ? 504 : 502,
          'ensemble_insufficient',
          `The ensemble got ${answers.length} of the ${needed} answers it needs ${why}.`,
        ),
      ),
      target: null,
    };
  }
  answers.sort((a, b) => a.member - b.member);

  let chosen: Answer;
  switch (settings.mode) {
    case 'first':
      chosen = answers[0];
      break;
    case 'vote': {
      const winner = majority(answers);
      chosen = answers.find((a) => a.member === winner)!;
      break;
    }
    case 'select': {
      const judged = await judge(
        settings,
        judgeBody(call.body, answers, settings.judgePrompt ?? SELECT_PROMPT),
        call,
        null,
      );
      if (!judged.result.ok || judged.result.streamed) return judged;
      total = addUsage(total, judged.result.usage);
      const n = Number(/\d+/.exec(completionText(judged.result.completion))?.[0]);
      chosen = answers[n >= 1 && n <= answers.length ? n - 1 : 0];
      break;
    }
    case 'synthesize': {
      const judged = await judge(
        settings,
        judgeBody(call.body, answers, settings.judgePrompt ?? SYNTHESIZE_PROMPT),
        call,
        call.sink,
      );
      if (judged.result.ok && !judged.result.streamed) {
        judged.result = withTotal(judged.result, addUsage(total, judged.result.usage));
      }
      return judged;
    }
  }
  return { result: withTotal(chosen.outcome.result, total), target: chosen.outcome.target };
}

/**
 * The chosen answer with the panel's total usage, in its `usage` and in the completion's own
 * `usage` (which is what a non-streaming client reads, next to a cost that is the total too).
 */
function withTotal(result: BufferedSuccess, total: TokenUsage | null): BufferedSuccess {
  if (!total) return { ...result, usage: total };
  const own = (result.completion.usage ?? {}) as Record<string, unknown>;
  const usage: Record<string, unknown> = {
    ...own,
    prompt_tokens: total.promptTokens,
    completion_tokens: total.completionTokens,
    total_tokens: total.promptTokens + total.completionTokens,
  };
  if (own.prompt_tokens_details || total.cachedTokens > 0) {
    usage.prompt_tokens_details = {
      ...(own.prompt_tokens_details as object),
      cached_tokens: total.cachedTokens,
    };
  }
  if (own.completion_tokens_details || total.reasoningTokens > 0) {
    usage.completion_tokens_details = {
      ...(own.completion_tokens_details as object),
      reasoning_tokens: total.reasoningTokens,
    };
  }
  return { ...result, usage: total, completion: { ...result.completion, usage }, verbatim: false };
}

async function judge(
  settings: CompiledEnsemble,
  body: ChatBody,
  call: RouteCall,
  sink: RouteCall['sink'],
): Promise<RouteOutcome> {
  const started = performance.now();
  const judgeTarget: CompiledTarget = settings.judge!;
  // The panel's answer is the gateway's own, accounted as a whole: never a pass-through.
  const outcome = await runTarget(judgeTarget, {
    ...call,
    body: { ...body, stream: sink !== null },
    sink,
    passThrough: false,
  });
  call.recordSubCall(outcome, body, performance.now() - started);
  return outcome;
}
