import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// The config module alone: the package's index loads the whole app (and ESM-only OIDC code).
import { parseEnv } from '@switchyard/control-plane/dist/config/env';
import { loadConfig } from '@switchyard/data-plane';

/**
 * The systemd examples in deploy/systemd: each unit starts a script the build produces, and
 * each example environment file, with its placeholders filled in, is a configuration the
 * plane it is for accepts (the same validation the processes run at start).
 */
const ROOT = join(__dirname, '..', '..', '..');
const DIR = join(ROOT, 'deploy', 'systemd');

function unit(name: string): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  for (const line of readFileSync(join(DIR, name), 'utf8').split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (m) entries.set(m[1], [...(entries.get(m[1]) ?? []), m[2]]);
  }
  return entries;
}

/** An example env file with `<…>` placeholders replaced by values of the right shape. */
function exampleEnv(name: string, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const line of readFileSync(join(DIR, name), 'utf8').split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    env[m[1]] = m[2].startsWith('<')
      ? m[2].includes('hex 32') || m[2].includes('KEY')
        ? '7'.repeat(64)
        : 't'.repeat(32)
      : m[2];
  }
  return { ...env, ...overrides };
}

describe('systemd examples', () => {
  it.each([
    ['switchyard-control-plane.service', 'control-plane/dist/main.js'],
    ['switchyard-data-plane@.service', 'data-plane/dist/main.js'],
  ])('%s starts %s from the working directory, as an unprivileged user', (name, script) => {
    const u = unit(name);
    expect(u.get('ExecStart')).toEqual([`/usr/bin/node ${script}`]);
    expect(existsSync(join(ROOT, script))).toBe(true);
    expect(u.get('User')).toEqual(['switchyard']);
    expect(u.get('KillSignal')).toEqual(['SIGTERM']);
  });

  it('gives each data-plane instance its own node id and state directory', () => {
    const env = unit('switchyard-data-plane@.service').get('Environment') ?? [];
    expect(env).toEqual(
      expect.arrayContaining(['SWITCHYARD_NODE_ID=%i', 'SWITCHYARD_STATE_DIR=/var/lib/switchyard/%i']),
    );
  });

  it('ships example environments the planes accept', () => {
    const cp = parseEnv(
      exampleEnv('control-plane.env.example', { SWITCHYARD_CONSOLE_DIR: join(ROOT, 'console', 'build') }),
    );
    expect(cp.grpcPort).toBe(50051);
    const dp = loadConfig(exampleEnv('data-plane.env.example', { SWITCHYARD_NODE_ID: 'node-1' }));
    expect(dp.port).toBe(8080);
    expect(dp.controlPlaneGrpc).toBe('127.0.0.1:50051');
  });
});
