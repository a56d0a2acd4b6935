import { globToRegExp, ToolAccess } from './tool-access';

describe('tool access', () => {
  it('matches globs literally apart from * and ?', () => {
    expect(globToRegExp('get_*').test('get_weather')).toBe(true);
    expect(globToRegExp('get_*').test('xget_weather')).toBe(false);
    expect(globToRegExp('a?c').test('abc')).toBe(true);
    expect(globToRegExp('a.c').test('abc')).toBe(false);
    expect(globToRegExp('(x)+').test('(x)+')).toBe(true);
  });

  it('allows what an allow glob matches and no deny glob does', () => {
    const access = new ToolAccess(['forecast*', 'alerts'], ['*_admin']);
    expect(access.allows('forecast')).toBe(true);
    expect(access.allows('forecast_admin')).toBe(false);
    expect(access.allows('alerts')).toBe(true);
    expect(access.allows('delete_everything')).toBe(false);
    expect(new ToolAccess(null, []).allows('anything')).toBe(true);
    expect(new ToolAccess(null, ['*']).allows('anything')).toBe(false);
    expect(new ToolAccess([], []).allows('anything')).toBe(false);
  });
});
