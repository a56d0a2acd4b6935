import OpenAI from 'openai';

/** A request the load sent that did not end in a complete answer. */
export interface LoadFailure {
  worker: number;
  stream: boolean;
  error: string;
}

/** Steady traffic from a few workers through the official `openai` client (no retries). */
export interface Load {
  /** Request ids (`x-request-id`) of every request answered in full, in order. */
  readonly answered: string[];
  readonly failures: LoadFailure[];
  /** Resolves once `count` more requests than now have been answered (or rejects after `timeoutMs`). */
  advance(count: number, timeoutMs?: number): Promise<void>;
  /** Stops the workers after their current request; resolves when all have stopped. */
  stop(): Promise<void>;
}

export interface LoadOptions {
  /** The gateway's base URL (`…/v1`), read before each request so a test may point the load elsewhere. */
  baseURL: string | (() => string);
  apiKey: string;
  model?: string;
  workers?: number;
  /** A pause between one worker's requests, so the load is steady rather than flat out. */
  pauseMs?: number;
}

/**
 * Starts `workers` loops, each sending chat completions one after another, every other one
 * streamed (read to the end). A request counts as answered only when its whole answer (or
 * stream, through its last chunk) arrived; anything else is a failure with its message.
 */
export function startLoad(options: LoadOptions): Load {
  const answered: string[] = [];
  const failures: LoadFailure[] = [];
  const waiters = new Set<() => void>();
  let stopping = false;
  const baseURL = typeof options.baseURL === 'string' ? () => options.baseURL as string : options.baseURL;
  const clients = new Map<string, OpenAI>();
  const client = () => {
    const url = baseURL();
    let c = clients.get(url);
    if (!c) {
      c = new OpenAI({ apiKey: options.apiKey, baseURL: url, maxRetries: 0, timeout: 30_000 });
      clients.set(url, c);
    }
    return c;
  };
  const model = options.model ?? 'fast';

  const once = async (worker: number, n: number, stream: boolean): Promise<string> => {
    const messages = [{ role: 'user' as const, content: `load ${worker}/${n}` }];
    if (stream) {
      const { data, response } = await client()
        .chat.completions.create({ model, messages, stream: true })
        .withResponse();
      let finished = false;
      for await (const chunk of data) if (chunk.choices[0]?.finish_reason) finished = true;
      if (!finished) throw new Error('the stream ended without a finish reason');
      return response.headers.get('x-request-id')!;
    }
    const { data, response } = await client().chat.completions.create({ model, messages }).withResponse();
    if (!data.choices[0]?.message.content) throw new Error('an answer without content');
    return response.headers.get('x-request-id')!;
  };

  const run = async (worker: number) => {
    for (let n = 0; !stopping; n++) {
      const stream = (n + worker) % 2 === 1;
      try {
        answered.push(await once(worker, n, stream));
        for (const wake of waiters) wake();
      } catch (error) {
        failures.push({ worker, stream, error: String(error) });
      }
      if (options.pauseMs !== 0) await new Promise((r) => setTimeout(r, options.pauseMs ?? 5));
    }
  };
  const running = Array.from({ length: options.workers ?? 4 }, (_, i) => run(i));

  return {
    answered,
    failures,
    advance(count, timeoutMs = 30_000) {
      const target = answered.length + count;
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `the load answered ${answered.length} of ${target} requests in time; failures: ${JSON.stringify(failures.slice(-3))}`,
            ),
          );
        }, timeoutMs);
        const check = () => {
          if (answered.length < target) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      stopping = true;
      await Promise.all(running);
    },
  };
}
