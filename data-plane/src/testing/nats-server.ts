import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

/** Path of a nats-server binary, if this machine has one. */
export function natsServerBinary(): string | undefined {
  return CANDIDATES.find((p) => existsSync(p));
}

export interface SecureNatsServer {
  /** `tls://127.0.0.1:<port>` with TLS on, else `nats://…`. */
  url: string;
  /** `http://127.0.0.1:<port>` of the monitoring endpoint (`/connz`, `/jsz`…), when asked for. */
  monitorUrl?: string;
  stop(): Promise<void>;
}

/**
 * A private JetStream nats-server on a free port, with TLS (`--tlsverify` when `verifyClients`:
 * client certificates signed by `tls.ca` required) and/or an auth token, and its monitoring
 * endpoint on another free port when `monitor` is set.
 */
export async function startSecureNatsServer(options: {
  tls?: { cert: string; key: string; ca: string; verifyClients?: boolean };
  token?: string;
  monitor?: boolean;
}): Promise<SecureNatsServer> {
  const binary = natsServerBinary();
  if (!binary) throw new Error('nats-server is not installed');
  const storeDir = mkdtempSync(join(tmpdir(), 'sy-nats-tls-'));
  const args = ['-a', '127.0.0.1', '-p', '-1', '-js', '-sd', storeDir];
  const { tls, token } = options;
  if (tls) {
    args.push('--tls', '--tlscert', tls.cert, '--tlskey', tls.key, '--tlscacert', tls.ca);
    if (tls.verifyClients) args.push('--tlsverify');
  }
  if (token) args.push('--auth', token);
  if (options.monitor) args.push('-m', '-1');
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const [port, monitorPort] = await new Promise<[number, number | null]>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`nats-server did not start: ${log}`)), 10_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const listening = /Listening for client connections on [^\s]+:(\d+)/.exec(log);
      const monitor = /Starting http monitor on [^\s]+:(\d+)/.exec(log);
      if (listening && (monitor || !options.monitor) && log.includes('Server is ready')) {
        clearTimeout(timer);
        resolve([Number(listening[1]), monitor ? Number(monitor[1]) : null]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nats-server exited with ${code}: ${log}`));
    });
  });
  return {
    url: `${tls ? 'tls' : 'nats'}://127.0.0.1:${port}`,
    ...(monitorPort === null ? {} : { monitorUrl: `http://127.0.0.1:${monitorPort}` }),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
