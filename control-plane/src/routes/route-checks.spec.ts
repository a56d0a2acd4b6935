import { MAX_ROUTE_DEPTH, type SnapshotRoute } from '@switchyard/proto';
import { checkRoute, problemCode } from './route-checks';
import { RouteExceptionCode } from './route.exception';

const target = { providerId: 'p', model: 'm' };
const route = (id: string, extra: Partial<SnapshotRoute> = {}): SnapshotRoute => ({
  id,
  workspaceId: 'w',
  alias: `alias-${id}`,
  strategy: 'single',
  targets: [target],
  ...extra,
});

/** The code each of proto's problems gets; fails when proto's wording changes under the classifier. */
function codeOf(r: SnapshotRoute, all: SnapshotRoute[] = [r]): RouteExceptionCode | null {
  try {
    checkRoute(r, all);
    return null;
  } catch (error) {
    return (error as { code: RouteExceptionCode }).code;
  }
}

describe('checkRoute', () => {
  it('passes a good route', () => {
    expect(codeOf(route('a'))).toBeNull();
  });

  it('gives each of proto’s problems its code', () => {
    const conditional = (value: unknown, op = 'regex', t = 0) =>
      route('c', {
        strategy: 'conditional',
        conditions: {
          rules: [{ when: [{ field: 'header.x', op: op as 'regex', value: value as string }], target: t }],
          defaultTarget: 0,
        },
      });
    expect(codeOf(conditional('^ok$'))).toBeNull();
    expect(codeOf(conditional('(['))).toBe(RouteExceptionCode.INVALID_REGEX);
    expect(codeOf(conditional(5))).toBe(RouteExceptionCode.INVALID_REGEX);
    expect(codeOf(conditional('a', 'eq', 2))).toBe(RouteExceptionCode.TARGET_OUT_OF_RANGE);
    expect(codeOf(conditional('a', 'gt'))).toBe(RouteExceptionCode.INVALID_SETTINGS);
    expect(codeOf(route('c', { strategy: 'conditional' }))).toBe(RouteExceptionCode.INVALID_SETTINGS);
    const ensemble = (mode: 'select' | 'vote', minResponses = 1) =>
      route('e', { strategy: 'ensemble', ensemble: { mode, minResponses, deadlineMs: 1000 } });
    expect(codeOf(ensemble('select'))).toBe(RouteExceptionCode.JUDGE_REQUIRED);
    expect(codeOf(ensemble('vote'))).toBeNull();
    expect(codeOf(ensemble('vote', 3))).toBe(RouteExceptionCode.INVALID_SETTINGS);
  });

  it('refuses cycles and depth, naming routes by alias', () => {
    const a = route('a', { targets: [{ providerId: null, model: '', routeId: 'b' }] });
    const b = route('b', { targets: [{ providerId: null, model: '', routeId: 'a' }] });
    expect(codeOf(a, [a, b])).toBe(RouteExceptionCode.CYCLE);
    const chain = Array.from({ length: MAX_ROUTE_DEPTH + 1 }, (_, i) =>
      route(`r${i}`, i === 0 ? {} : { targets: [{ providerId: null, model: '', routeId: `r${i - 1}` }] }),
    );
    expect(codeOf(chain[MAX_ROUTE_DEPTH], chain)).toBe(RouteExceptionCode.TOO_DEEP);
    expect(codeOf(chain[MAX_ROUTE_DEPTH - 1], chain.slice(0, MAX_ROUTE_DEPTH))).toBeNull();
  });

  it('falls back to INVALID_SETTINGS for wording it does not know', () => {
    expect(problemCode('something new')).toBe(RouteExceptionCode.INVALID_SETTINGS);
  });
});
