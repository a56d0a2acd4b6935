import fc from 'fast-check';
import { ArgumentScanner } from './argument-scanner';
import {
  argumentsText,
  completionTexts,
  requestText,
  rewriteArguments,
  rewriteCompletion,
  rewriteRequest,
} from './texts';

const EMAIL = /[\w.]+@example\.com/g;
const redactEmails = (t: string) => t.replace(EMAIL, '[REDACTED_EMAIL]');

/** `value` with every string and object key rewritten by `f`, as `rewriteArguments` should leave it. */
function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [f(k), mapStrings(v, f)]));
  return value;
}

describe('argumentsText', () => {
  it('reads keys, decoded string values and numbers, one per line; not literals or structure', () => {
    const args =
      '{"to": "ada\\u0040example.com", "card":4111111111111111, "ok":true, "cc":[null, "b\\"o\\\\b"]}';
    expect(argumentsText(args)).toBe('to\nada@example.com\ncard\n4111111111111111\nok\ncc\nb"o\\b');
  });

  it('reads arguments that are not JSON as the words between structure', () => {
    expect(argumentsText('call ada@example.com now, please')).toBe('call ada@example.com now\nplease');
  });

  it('does not let a broken \\u escape swallow the end of its string', () => {
    expect(argumentsText('{"a":"\\uZZ","b":"ada@example.com"}')).toBe('a\n\\uZZ\nb\nada@example.com');
  });
});

describe('rewriteArguments', () => {
  it('rewrites inside decoded strings and re-encodes them, so the arguments stay JSON', () => {
    const args = JSON.stringify({ to: 'ada@example.com', note: 'say "hi"\nto bob@example.com\\' });
    const out = rewriteArguments(args, redactEmails);
    expect(JSON.parse(out)).toEqual({ to: '[REDACTED_EMAIL]', note: 'say "hi"\nto [REDACTED_EMAIL]\\' });
  });

  it('sees through escapes: an email spelt with \\u0040 is still redacted', () => {
    const out = rewriteArguments('{"to":"ada\\u0040example.com"}', redactEmails);
    expect(out).toBe('{"to":"[REDACTED_EMAIL]"}');
  });

  it('turns a number it rewrites into a string; keeps formatting and untouched values as sent', () => {
    const out = rewriteArguments('{ "card" : 4111111111111111 ,\n "n": 2.5e3, "ok": true }', (t) =>
      t === '4111111111111111' ? '[REDACTED_CREDIT_CARD]' : t,
    );
    expect(out).toBe('{ "card" : "[REDACTED_CREDIT_CARD]" ,\n "n": 2.5e3, "ok": true }');
  });

  it('returns the very same string when nothing changed (escapes as the model wrote them)', () => {
    const args = '{"a":"\\u00e9\\/x","b":[1,2]}';
    expect(rewriteArguments(args, (t) => t)).toBe(args);
  });

  it('keeps any JSON valid, with the same structure, whatever the replacement holds', () => {
    const rewrite = (t: string) => t.replace(/a/g, '"\\\n\u2028');
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const args = JSON.stringify(value, null, pretty ? 2 : undefined);
        const out = rewriteArguments(args, rewrite);
        expect(JSON.parse(out)).toEqual(mapStrings(JSON.parse(args), rewrite));
      }),
    );
  });

  it('gives the same arguments when fed in fragments split anywhere, escapes and numbers included', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.nat(), { maxLength: 12 }), (value, cuts) => {
        const args = JSON.stringify(value);
        let current = '';
        const scanner = new ArgumentScanner((text, last) => {
          current += text;
          if (!last) return '';
          const out = current.replace(/a/g, 'A"');
          current = '';
          return out;
        });
        const at = [...new Set(cuts.map((c) => c % (args.length + 1)))].sort((a, b) => a - b);
        let out = '';
        let from = 0;
        for (const cut of [...at, args.length]) {
          out += scanner.write(args.slice(from, cut))!;
          from = cut;
        }
        out += scanner.flush()!;
        expect(out).toBe(rewriteArguments(args, (t) => t.replace(/a/g, 'A"')));
      }),
    );
  });
});

describe('request and completion texts', () => {
  const request = () => ({
    model: 'm',
    messages: [
      { role: 'user', content: 'book it for ada@example.com' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'c1',
            type: 'function',
            function: { name: 'book', arguments: '{"email":"ada@example.com"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'booked for ada@example.com' },
      {
        role: 'assistant',
        content: 'ok',
        function_call: { name: 'old', arguments: '{"to":"bob@example.com"}' },
      },
    ],
  });

  it('a request reads message texts, tool results and the arguments of assistant tool calls', () => {
    expect(requestText(request())).toBe(
      [
        'book it for ada@example.com',
        'email\nada@example.com',
        'booked for ada@example.com',
        'ok',
        'to\nbob@example.com',
      ].join('\n\n'),
    );
  });

  it('a request rewrite reaches the arguments and keeps them JSON', () => {
    const body = request();
    rewriteRequest(body, redactEmails);
    expect(JSON.parse(body.messages[1].tool_calls![0].function.arguments)).toEqual({
      email: '[REDACTED_EMAIL]',
    });
    expect(body.messages[2].content).toBe('booked for [REDACTED_EMAIL]');
    expect(JSON.parse(body.messages[3].function_call!.arguments)).toEqual({ to: '[REDACTED_EMAIL]' });
  });

  it("a completion reads each choice's text then its tool calls' arguments, and rewrites both", () => {
    const completion = {
      choices: [
        {
          message: {
            content: 'mailing ada@example.com',
            tool_calls: [
              { function: { name: 'a', arguments: '{"to":"ada@example.com"}' } },
              { function: { name: 'b', arguments: '' } },
            ],
          },
        },
      ],
    };
    expect(completionTexts(completion)).toBe('mailing ada@example.com\n\nto\nada@example.com');
    rewriteCompletion(completion, redactEmails);
    expect(completion.choices[0].message.content).toBe('mailing [REDACTED_EMAIL]');
    expect(completion.choices[0].message.tool_calls[0].function.arguments).toBe('{"to":"[REDACTED_EMAIL]"}');
    expect(completion.choices[0].message.tool_calls[1].function.arguments).toBe('');
  });
});
