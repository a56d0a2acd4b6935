import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A child Node process whose JSON log lines are watched for a ready message. */
export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Every line the process printed, stdout and stderr, in order. */
  readonly logs: string[];
  /** The parsed log line whose `msg` equals the ready message. */
  readonly ready: Promise<Record<string, unknown>>;
  /** Resolves with the exit code (or signal name) when the process has ended. */
  readonly exited: Promise<number | string>;
  /** Sends `signal` (SIGTERM by default) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export interface SpawnOptions {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  readyMessage: string;
  /** Print each line to this process's stdout, prefixed with the name. */
  echo?: boolean;
  readyTimeoutMs?: number;
}

/** Starts `node <script>` and resolves `ready` when it logs `readyMessage`, rejects if it exits first. */
export function spawnNode(options: SpawnOptions): ManagedProcess {
  const child = spawn(process.execPath, [options.script], {
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${options.name} did not become ready in time:\n${logs.slice(-20).join('\n')}`)),
      options.readyTimeoutMs ?? 30_000,
    );
    const onLine = (line: string) => {
      logs.push(line);
      if (options.echo) process.stdout.write(`[${options.name}] ${line}\n`);
      if (!line.includes(options.readyMessage)) return;
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if (parsed.msg === options.readyMessage) {
          clearTimeout(timer);
          resolve(parsed);
        }
      } catch {
        // not a JSON line; keep waiting
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(`${options.name} exited (${code}) before it was ready:\n${logs.slice(-20).join('\n')}`),
      );
    });
  });
  ready.catch(() => undefined); // observed by callers; avoid unhandled rejections after exit
  return {
    name: options.name,
    child,
    logs,
    ready,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
