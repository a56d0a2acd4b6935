import {
  missingPromptVariables,
  parsePromptTemplate,
  promptTemplateProblems,
  renderPromptTemplate,
} from './template';

describe('prompt templates', () => {
  it('finds top-level variables: interpolations are required, section conditions optional', () => {
    const parsed = parsePromptTemplate([
      { role: 'system', content: 'You help {{company}} customers. {{#vip}}Be extra kind.{{/vip}}' },
      {
        role: 'user',
        content:
          '{{{question}}} {{&detail}} {{user.name}} {{#items}}- {{title}} {{.}}{{/items}}{{^quiet}}!{{/quiet}}',
      },
    ]);
    expect(parsed.variables).toEqual(['company', 'detail', 'question', 'user']);
    expect(parsed.optionalVariables).toEqual(['items', 'quiet', 'vip']);
  });

  it('renders without HTML escaping, objects as JSON, sections and inverted sections', () => {
    const parsed = parsePromptTemplate([
      {
        role: 'user',
        content: 'Q: {{q}} <{{n}}> {{obj}}{{#list}} [{{name}}]{{/list}}{{^missing}} (none){{/missing}}',
      },
    ]);
    const [message] = renderPromptTemplate(parsed, {
      q: 'Tom & "Jerry" <b>',
      n: 3,
      obj: { a: 1 },
      list: [{ name: 'x' }, { name: 'y' }],
    });
    expect(message).toEqual({ role: 'user', content: 'Q: Tom & "Jerry" <b> <3> {"a":1} [x] [y] (none)' });
  });

  it('renders triple mustaches and & like double ones, inside sections too', () => {
    const parsed = parsePromptTemplate([
      { role: 'user', content: '{{{obj}}} {{&obj}} {{#list}}{{{.}}}{{/list}} {{{html}}}' },
    ]);
    expect(renderPromptTemplate(parsed, { obj: { a: [1] }, list: [{ b: 2 }], html: '<p>' })[0].content).toBe(
      '{"a":[1]} {"a":[1]} {"b":2} <p>',
    );
  });

  it('reports missing variables by own property only; null counts as sent', () => {
    expect(missingPromptVariables(['a', 'b', 'toString'], { a: null })).toEqual(['b', 'toString']);
  });

  it('refuses syntax errors and partials, naming the message', () => {
    expect(promptTemplateProblems([{ role: 'user', content: 'ok' }])).toEqual([]);
    expect(
      promptTemplateProblems([
        { role: 'user', content: 'ok' },
        { role: 'user', content: '{{#a}}x' },
      ]),
    ).toEqual(['messages[1].content: Unclosed section "a" at 7']);
    expect(promptTemplateProblems([{ role: 'user', content: 'Hi {{name' }])[0]).toMatch(
      /^messages\[0\]\.content: Unclosed tag/,
    );
    expect(promptTemplateProblems([{ role: 'user', content: '{{> footer}}' }])).toEqual([
      'messages[0].content: partials ({{> footer}}) are not supported',
    ]);
  });
});
