import { GatewayError } from '../errors';
import { MAX_JSON_DEPTH, nestsDeeperThan, parseJsonObject } from './json-body';

describe('nestsDeeperThan', () => {
  const depth = (n: number) => Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`);

  it('counts arrays and objects, not brackets inside strings', () => {
    expect(nestsDeeperThan(depth(3), 3)).toBe(false);
    expect(nestsDeeperThan(depth(4), 3)).toBe(true);
    expect(nestsDeeperThan(Buffer.from('{"a":{"b":[1]}}'), 3)).toBe(false);
    expect(nestsDeeperThan(Buffer.from('{"a":{"b":[[1]]}}'), 3)).toBe(true);
    expect(nestsDeeperThan(Buffer.from(`{"a":"${'[{'.repeat(50)}\\"[["}`), 1)).toBe(false);
  });

  it('makes parseJsonObject refuse deep bodies with invalid_json', () => {
    expect(() => parseJsonObject(Buffer.from(`{"a":${depth(MAX_JSON_DEPTH).toString()}}`))).toThrow(
      GatewayError,
    );
    expect(parseJsonObject(Buffer.from(`{"a":${depth(MAX_JSON_DEPTH - 1).toString()}}`))).toHaveProperty('a');
  });
});
