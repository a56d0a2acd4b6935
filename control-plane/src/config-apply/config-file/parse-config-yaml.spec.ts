import { parseConfigYaml } from './parse-config-yaml';
import { BRIEF_YAML } from '../../../test/support/brief-config';

describe('parseConfigYaml', () => {
  it("parses the brief's example, expanding values but not comments", () => {
    expect(parseConfigYaml(BRIEF_YAML, { OPENAI_API_KEY: 'sk-planted' })).toEqual({
      workspaces: [
        {
          slug: 'demo',
          name: 'Demo',
          providers: [
            {
              name: 'local-openai',
              kind: 'openai',
              baseUrl: 'http://127.0.0.1:9001/v1',
              apiKey: 'sk-planted',
            },
          ],
          routes: [{ alias: 'fast', targets: [{ provider: 'local-openai', model: 'gpt-4o-mini' }] }],
          keys: [{ name: 'ci', secret: 'sy-test-0123456789abcdef' }],
        },
      ],
    });
  });

  it('reports a missing variable with the file and path', () => {
    expect(() => parseConfigYaml(BRIEF_YAML, {}, 'demo.yaml')).toThrow(
      'demo.yaml: workspaces[0].providers[0].apiKey: environment variable OPENAI_API_KEY is not set',
    );
  });

  it('keeps expiresAt and allowedRoutes of keys', () => {
    const doc = parseConfigYaml(
      'workspaces: [{slug: a, name: A, keys: [{name: k, expiresAt: "2030-01-01T00:00:00Z", allowedRoutes: [fast]}]}]',
      {},
    );
    expect(doc.workspaces[0].keys).toEqual([
      { name: 'k', expiresAt: '2030-01-01T00:00:00Z', allowedRoutes: ['fast'] },
    ]);
  });

  it('treats an empty file as no workspaces', () => {
    expect(parseConfigYaml('', {})).toEqual({ workspaces: [] });
  });

  it('rejects unknown fields, wrong types and bad YAML with a path', () => {
    expect(() => parseConfigYaml('workspaces: [{slug: a, name: A, provider: []}]', {})).toThrow(
      /workspaces\[0\]: unknown field "provider"/,
    );
    expect(() => parseConfigYaml('workspaces: [{slug: 12, name: A}]', {})).toThrow(
      /workspaces\[0\]\.slug must be a string/,
    );
    expect(() => parseConfigYaml('workspaces: [{name: A}]', {})).toThrow(/workspaces\[0\]\.slug is required/);
    expect(() => parseConfigYaml('workspaces: {slug: a}', {})).toThrow(/workspaces must be a list/);
    expect(() => parseConfigYaml('workspaces: [\n  - a\n', {})).toThrow(/invalid YAML/);
  });
});

describe('parseConfigYaml: routing, provider options and prices', () => {
  const text = `workspaces:
  - slug: a
    name: A
    providers:
      - name: aws
        kind: bedrock
        options: { region: eu-west-1, retries: 2 }
        awsSecretAccessKey: \${SECRET}
    routes:
      - alias: r
        strategy: ensemble
        targets: [{ provider: aws, model: m, weight: 2, retry: { attempts: 2 } }, { route: other }]
        ensemble: { mode: select, judge: { provider: aws, model: j }, judgePrompt: "\${PROMPT}" }
    modelPrices:
      - { providerKind: bedrock, model: m, inputPerMTok: 1, outputPerMTok: 2 }
`;

  it('keeps the new fields, expanding variables inside blocks', () => {
    expect(parseConfigYaml(text, { SECRET: 's3cret', PROMPT: 'pick' }).workspaces[0]).toEqual({
      slug: 'a',
      name: 'A',
      providers: [
        {
          name: 'aws',
          kind: 'bedrock',
          options: { region: 'eu-west-1', retries: 2 },
          awsSecretAccessKey: 's3cret',
        },
      ],
      routes: [
        {
          alias: 'r',
          strategy: 'ensemble',
          targets: [{ provider: 'aws', model: 'm', weight: 2, retry: { attempts: 2 } }, { route: 'other' }],
          ensemble: { mode: 'select', judge: { provider: 'aws', model: 'j' }, judgePrompt: 'pick' },
        },
      ],
      modelPrices: [{ providerKind: 'bedrock', model: 'm', inputPerMTok: 1, outputPerMTok: 2 }],
    });
  });

  it('rejects unknown target, judge and price fields with a path', () => {
    const env = { SECRET: 's', PROMPT: 'p' };
    expect(() => parseConfigYaml(text.replace('weight: 2', 'wieght: 2'), env)).toThrow(
      /routes\[0\]\.targets\[0\]: unknown field "wieght"/,
    );
    expect(() => parseConfigYaml(text.replace('model: j', 'modle: j'), env)).toThrow(
      /ensemble\.judge: unknown field "modle"/,
    );
    expect(() => parseConfigYaml(text.replace('outputPerMTok: 2', 'output: 2'), env)).toThrow(
      /modelPrices\[0\]: unknown field "output"/,
    );
  });
});

describe('parseConfigYaml: prompts', () => {
  const text = `
workspaces:
  - slug: a
    name: A
    prompts:
      - slug: p
        name: P
        description: \${DESC}
        versions:
          - model: fast
            messages:
              - { role: user, content: 'Costs \${price} for {{name}}' }
            params: { temperature: 0 }
            labels: [production]
`;

  it('keeps versions, expanding variables outside template text only', () => {
    expect(parseConfigYaml(text, { DESC: 'described' }).workspaces[0].prompts).toEqual([
      {
        slug: 'p',
        name: 'P',
        description: 'described',
        versions: [
          {
            model: 'fast',
            messages: [{ role: 'user', content: 'Costs ${price} for {{name}}' }],
            params: { temperature: 0 },
            labels: ['production'],
          },
        ],
      },
    ]);
  });

  it('rejects unknown fields and non-text content with a path', () => {
    const env = { DESC: 'd' };
    expect(() => parseConfigYaml(text.replace('labels:', 'lables:'), env)).toThrow(
      /prompts\[0\]\.versions\[0\]: unknown field "lables"/,
    );
    expect(() =>
      parseConfigYaml(text.replace(`content: 'Costs \${price} for {{name}}'`, 'content: [1]'), env),
    ).toThrow(/prompts\[0\]\.versions\[0\]\.messages\[0\]\.content must be a string/);
  });
});

describe('logPayloads', () => {
  it('takes a boolean per workspace and refuses anything else', () => {
    expect(parseConfigYaml('workspaces: [{slug: a, name: A, logPayloads: true}]', {}).workspaces[0]).toEqual({
      slug: 'a',
      name: 'A',
      logPayloads: true,
    });
    expect(() => parseConfigYaml('workspaces: [{slug: a, name: A, logPayloads: "yes"}]', {})).toThrow(
      /workspaces\[0\]\.logPayloads must be true or false/,
    );
  });
});
