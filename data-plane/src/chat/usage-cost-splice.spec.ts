import fc from 'fast-check';
import { spliceUsageCost } from './usage-cost-splice';

/** What the full path sends: the parse, `usage.cost` set, serialised again. */
function reserialised(text: string, cost: number): unknown {
  const parsed = JSON.parse(text) as { usage: Record<string, unknown> };
  parsed.usage.cost = cost;
  return parsed;
}

function spliced(text: string, cost: number): unknown {
  const out = spliceUsageCost(Buffer.from(text), cost);
  return out === null ? null : JSON.parse(out.toString('utf8'));
}

describe('spliceUsageCost', () => {
  it('appends the cost to the top-level usage object, the rest as sent', () => {
    const text =
      '{"id":"c1","model":"gpt-4o-mini","choices":[{"message":{"content":"a \\"usage\\": {}"}}],' +
      '"usage":{"prompt_tokens":3,"completion_tokens":5,"prompt_tokens_details":{"cached_tokens":0}},' +
      '"system_fingerprint":"fp"}';
    const out = spliceUsageCost(Buffer.from(text), 0.000012)!.toString('utf8');
    expect(out).toBe(text.replace('{"cached_tokens":0}}', '{"cached_tokens":0},"cost":0.000012}'));
  });

  it('keeps whitespace and pretty-printing, and fills an empty usage object without a comma', () => {
    const pretty = '{\n  "choices": [],\n  "usage": { }\n}\n';
    expect(spliceUsageCost(Buffer.from(pretty), 1e-7)!.toString('utf8')).toBe(
      '{\n  "choices": [],\n  "usage": { "cost":1e-7}\n}\n',
    );
  });

  it('ignores usage keys below the top level and inside strings', () => {
    const text = '{"choices":[{"usage":{"x":1}}],"note":"\\\\","usage":{"prompt_tokens":1}}';
    expect(spliced(text, 2)).toEqual(reserialised(text, 2));
  });

  it('finds the end of long strings, whatever escapes sit where the byte walk hands over to indexOf', () => {
    // Values from 50 to 80 characters with an escaped quote or backslash at every offset,
    // so one lands on each side of the 64-byte walk and right at its end.
    for (let length = 50; length <= 80; length++) {
      for (let at = 0; at < length; at++) {
        for (const escaped of ['"', '\\', '\\"']) {
          const value = 'x'.repeat(at) + escaped + 'y'.repeat(length - at);
          const text = JSON.stringify({ a: value, usage: { prompt_tokens: 1 }, b: `${value}"usage":{}` });
          expect(spliced(text, 3)).toEqual(reserialised(text, 3));
        }
      }
    }
  });

  it('gives up (null) where the place is not certain', () => {
    for (const text of [
      '{"usage":{"a":1},"usage":{"b":2}}', // two keys: JSON.parse keeps the last
      '{"usag\\u0065":{"a":1}}', // an escaped key
      '{"usage":null}',
      '{"usage":[1]}',
      '{"choices":[]}',
      '{"usage":{"a":1}', // cut short
      '{"usage":{"a":"1}',
    ])
      expect(spliceUsageCost(Buffer.from(text), 1)).toBeNull();
  });

  it('agrees with parse, set and serialise on any answer whose usage is an object', () => {
    const usage = fc.dictionary(
      fc.string().filter((k) => k !== 'cost' && k !== '__proto__'),
      fc.jsonValue(),
    );
    const answer = fc
      .tuple(
        fc.dictionary(
          fc.string().filter((k) => k !== 'usage' && k !== '__proto__'),
          fc.jsonValue(),
        ),
        usage,
      )
      .map(([rest, u]) => ({ ...rest, usage: u }));
    fc.assert(
      fc.property(answer, fc.boolean(), fc.double({ min: 0, max: 1000, noNaN: true }), (a, pretty, cost) => {
        const text = pretty ? JSON.stringify(a, null, 2) : JSON.stringify(a);
        const out = spliced(text, cost);
        // A key with an escape (a quote, a backslash, a control character) is allowed to give up.
        if (out === null) return Object.keys(a).some((k) => JSON.stringify(k).includes('\\'));
        expect(out).toEqual(reserialised(text, cost));
        return true;
      }),
      { numRuns: 500 },
    );
  });
});
