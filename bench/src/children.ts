import { spawn, type ChildProcess } from 'node:child_process';
import { spawnNode, type ManagedProcess } from '@switchyard/local';

/**
 * Every process the benchmark starts, so that they are all stopped at the end: on success,
 * on failure, on Ctrl-C, and (SIGKILL, synchronously) if the benchmark itself exits early.
 */
const started = new Set<ChildProcess>();

export function track(child: ChildProcess): void {
  started.add(child);
  child.once('exit', () => started.delete(child));
}

process.once('exit', () => {
  for (const child of started) child.kill('SIGKILL');
});

/** A child process of ours that logs JSON lines, ready when it logs `readyMessage`. */
export async function startChild(
  name: string,
  script: string,
  readyMessage: string,
  env: NodeJS.ProcessEnv,
): Promise<{ process: ManagedProcess; ready: Record<string, unknown> }> {
  const proc = spawnNode({
    name,
    script,
    readyMessage,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  track(proc.child);
  return { process: proc, ready: await proc.ready };
}

/** A process of someone else's (Portkey's gateway), with its output kept for error messages. */
export function spawnForeign(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 50) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return {
    child,
    exited,
    output: () => output.join(''),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
