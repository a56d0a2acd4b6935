import { ConfigFileError } from './config-file.error';
import { expandEnv } from './expand-env';

describe('expandEnv', () => {
  const env = { A: 'alpha', EMPTY: '' };

  it('replaces ${VAR} with the variable, anywhere in the value', () => {
    expect(expandEnv('x-${A}-${A}', env, 'p')).toBe('x-alpha-alpha');
    expect(expandEnv('${EMPTY}', env, 'p')).toBe('');
  });

  it('keeps $${ as a literal ${ and leaves other dollars alone', () => {
    expect(expandEnv('$${A} costs $5', env, 'p')).toBe('${A} costs $5');
  });

  it('names a missing variable and where it was used', () => {
    expect(() => expandEnv('${NOPE}', env, 'cfg: workspaces[0].name')).toThrow(
      new ConfigFileError('cfg: workspaces[0].name: environment variable NOPE is not set'),
    );
  });

  it('refuses malformed references', () => {
    expect(() => expandEnv('${A', env, 'p')).toThrow(/unterminated/);
    expect(() => expandEnv('${1A}', env, 'p')).toThrow(/not a valid environment variable/);
  });
});
