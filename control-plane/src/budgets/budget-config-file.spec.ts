import { ConfigFileError } from '../config-apply/config-file/config-file.error';
import { parseConfigYaml } from '../config-apply/config-file/parse-config-yaml';

const YAML = `
workspaces:
  - slug: demo
    name: Demo
    keys: [{ name: ci }]
    budgets:
      - name: demo monthly
        scope: workspace
        limitMicroUsd: 50000000
        period: monthly
        timezone: Europe/Berlin
        alertThresholds: [50, 80, 100]
        webhookUrl: https://hooks.example.com/budget
        webhookSecret: \${HOOK_SECRET}
      - name: ci daily tokens
        scope: key
        key: ci
        limitTokens: 1000000
        period: daily
        hardStop: false
      - name: team red
        scope: tag
        tagKey: team
        tagValue: red
        limitMicroUsd: 1000000
        period: weekly
`;

describe('budgets in the config file', () => {
  it('parses them, expanding variables', () => {
    const doc = parseConfigYaml(YAML, { HOOK_SECRET: 'whsec-from-the-environment' });
    expect(doc.workspaces[0].budgets).toEqual([
      {
        name: 'demo monthly',
        scope: 'workspace',
        limitMicroUsd: 50000000,
        period: 'monthly',
        timezone: 'Europe/Berlin',
        alertThresholds: [50, 80, 100],
        webhookUrl: 'https://hooks.example.com/budget',
        webhookSecret: 'whsec-from-the-environment',
      },
      {
        name: 'ci daily tokens',
        scope: 'key',
        key: 'ci',
        limitTokens: 1000000,
        period: 'daily',
        hardStop: false,
      },
      {
        name: 'team red',
        scope: 'tag',
        tagKey: 'team',
        tagValue: 'red',
        limitMicroUsd: 1000000,
        period: 'weekly',
      },
    ]);
  });

  it('refuses unknown fields, naming where', () => {
    const bad = YAML.replace('period: weekly', 'period: weekly\n        resetHour: 3');
    expect(() => parseConfigYaml(bad, { HOOK_SECRET: 'x' })).toThrow(ConfigFileError);
    expect(() => parseConfigYaml(bad, { HOOK_SECRET: 'x' })).toThrow(/budgets\[2\].*resetHour/);
  });
});
