import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/**
 * What can be checked of the Helm chart and the Dockerfiles without `helm` or a Docker daemon
 * (neither is on these machines): the YAML parses, every value a template reads is declared
 * and documented in values.yaml, the templates are well-formed once their `{{ … }}` actions are
 * taken out, every environment variable they set is one a plane reads, and the Dockerfiles copy
 * files that exist. When `helm` is on PATH, `helm lint` and `helm template` run too.
 */
const ROOT = join(__dirname, '..', '..', '..');
const CHART = join(ROOT, 'deploy', 'helm', 'switchyard');
const TEMPLATES = join(CHART, 'templates');
const read = (path: string) => readFileSync(path, 'utf8');

type Tree = Record<string, unknown>;

function hasPath(tree: unknown, path: string[]): boolean {
  let node = tree;
  for (const part of path) {
    if (!node || typeof node !== 'object' || !(part in (node as Tree))) return false;
    node = (node as Tree)[part];
  }
  return true;
}

/** Every leaf path of a values tree (maps only; lists and scalars are leaves). */
function leafPaths(tree: unknown, prefix: string[] = []): string[][] {
  if (!tree || typeof tree !== 'object' || Array.isArray(tree) || Object.keys(tree).length === 0)
    return [prefix];
  return Object.entries(tree as Tree).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
}

const templateFiles = readdirSync(TEMPLATES).filter((f) => f.endsWith('.yaml'));
const values = parse(read(join(CHART, 'values.yaml'))) as Tree;

describe('Helm chart deploy/helm/switchyard', () => {
  it('has a valid Chart.yaml and values files', () => {
    const chart = parse(read(join(CHART, 'Chart.yaml'))) as Tree;
    expect(chart).toMatchObject({ apiVersion: 'v2', name: 'switchyard', type: 'application' });
    expect(chart.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(values).toHaveProperty('controlPlane');
    expect(values).toHaveProperty('dataPlane');
  });

  it('reads only values that values.yaml declares', () => {
    const missing: string[] = [];
    for (const file of [...templateFiles, '_helpers.tpl', 'NOTES.txt']) {
      for (const m of read(join(TEMPLATES, file)).matchAll(/\.Values((?:\.[A-Za-z0-9_]+)+)/g)) {
        const path = m[1].slice(1).split('.');
        if (!hasPath(values, path)) missing.push(`${file}: .Values.${path.join('.')}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('documents every top-level value with a comment', () => {
    const text = read(join(CHART, 'values.yaml'));
    const lines = text.split('\n');
    const undocumented = lines
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => /^[a-zA-Z]+:/.test(line))
      .filter(({ i }) => !lines[i - 1]?.startsWith('#') && lines[i - 1] !== '' && i > 0)
      .map(({ line }) => line);
    expect(undocumented).toEqual([]);
  });

  it('sets, in the data-plane-only values, only keys that values.yaml has', () => {
    const edge = parse(read(join(CHART, 'values-data-plane-only.yaml'))) as Tree;
    const unknown = leafPaths(edge).filter((p) => !hasPath(values, p));
    expect(unknown).toEqual([]);
    expect(edge).toMatchObject({ controlPlane: { enabled: false }, dataPlane: { enabled: true } });
    expect(String((edge.nats as Tree).url)).toMatch(/^tls:\/\//);
  });

  it.each(templateFiles)('%s is well-formed YAML once its template actions are taken out', (file) => {
    const stripped = read(join(TEMPLATES, file))
      .split('\n')
      // A line that is only an action (if/end/with/include … nindent) renders to nothing or to
      // YAML of its own; inline actions render to a scalar.
      .filter((line) => !/^\s*(\{\{-?[^}]*\}\}\s*)+$/.test(line))
      .map((line) => line.replace(/\{\{-?.*?-?\}\}/g, 'x'))
      .join('\n');
    const docs = parseAllDocuments(stripped);
    for (const doc of docs) expect(doc.errors.map((e) => e.message)).toEqual([]);
    const manifest = docs[0].toJSON() as Tree;
    expect(manifest).toHaveProperty('apiVersion');
    expect(manifest).toHaveProperty('kind');
    expect(manifest).toHaveProperty('metadata.name');
  });

  it('sets only environment variables the planes read', () => {
    const sources = [
      join(ROOT, 'control-plane', 'src', 'config', 'env.ts'),
      join(ROOT, 'control-plane', 'src', 'oidc', 'oidc-env.ts'),
      join(ROOT, 'data-plane', 'src', 'config.ts'),
      join(ROOT, 'data-plane', 'src', 'telemetry', 'tracing-config.ts'),
      join(ROOT, 'proto', 'src', 'transport-security.ts'),
    ]
      .map(read)
      .join('\n');
    const names = new Set<string>();
    for (const file of [...templateFiles, '_helpers.tpl']) {
      for (const m of read(join(TEMPLATES, file)).matchAll(/- name: ([A-Z][A-Z0-9_]+)\s*$/gm))
        names.add(m[1]);
    }
    for (const m of read(join(TEMPLATES, '_helpers.tpl')).matchAll(/"name" "([A-Z][A-Z0-9_]+)"/g))
      names.add(m[1]);
    for (const file of templateFiles) {
      for (const m of read(join(TEMPLATES, file)).matchAll(/"name" "([A-Z][A-Z0-9_]+)"/g)) names.add(m[1]);
    }
    const unread = [...names].filter(
      (n) => n !== 'NODE_OPTIONS' && !sources.includes(`'${n}'`) && !sources.includes(`env.${n}`),
    );
    expect(names.size).toBeGreaterThan(10);
    expect(unread).toEqual([]);
  });

  it('makes data-plane pods ready on /readyz (a snapshot applied), which the node serves', () => {
    const deployment = read(join(TEMPLATES, 'data-plane-deployment.yaml'));
    expect(deployment).toMatch(/readinessProbe:\s*\n\s*httpGet: \{ path: \/readyz, port: http \}/);
    expect(read(join(ROOT, 'data-plane', 'src', 'http', 'routes.ts'))).toContain("'GET /readyz'");
  });

  const helm = (() => {
    try {
      execFileSync('helm', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  (helm ? it : it.skip)(
    'passes helm lint and renders with both values files (only where helm exists)',
    () => {
      execFileSync('helm', ['lint', CHART], { stdio: 'pipe' });
      execFileSync('helm', ['template', 'sy', CHART, '--set', 'postgres.url=postgres://x'], {
        stdio: 'pipe',
      });
      execFileSync('helm', ['template', 'sy', CHART, '-f', join(CHART, 'values-data-plane-only.yaml')], {
        stdio: 'pipe',
      });
    },
  );
});

describe('Dockerfiles', () => {
  const ignored = read(join(ROOT, '.dockerignore'))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it.each(['control-plane', 'data-plane'])(
    '%s/Dockerfile copies files that exist, and runs as non-root',
    (pkg) => {
      const text = read(join(ROOT, pkg, 'Dockerfile'));
      expect(text).toMatch(/^FROM \$\{NODE_IMAGE\} AS build$/m);
      expect(text).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
      expect(text).toMatch(/^USER node$/m);
      const sources = [...text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1].split(/\s+/));
      expect(sources.length).toBeGreaterThan(3);
      for (const source of sources) {
        expect([source, existsSync(join(ROOT, source))]).toEqual([source, true]);
        expect(ignored).not.toContain(source);
      }
      // The command is the package's own entry point.
      const manifest = JSON.parse(read(join(ROOT, pkg, 'package.json'))) as { scripts: { start: string } };
      expect(text).toContain('CMD ["node", "dist/main.js"]');
      expect(manifest.scripts.start).toBe('node dist/main.js');
    },
  );
});
