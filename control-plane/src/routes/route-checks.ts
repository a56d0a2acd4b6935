import type { SnapshotRoute } from '@switchyard/proto';
// The same rules `validateSnapshot` applies, so a route is refused when written rather
// than when its snapshot would fail to publish.
import { nestingProblems, strategyProblems } from '@switchyard/proto/dist/validate';
import { RouteException, RouteExceptionCode } from './route.exception';

/**
 * Which code a problem reported by proto's checks gets. Matched on proto's wording; what is
 * not recognised still refuses the write, as INVALID_SETTINGS (route-checks.spec.ts pins
 * the wording of each case).
 */
const PROBLEM_CODES: Array<[RegExp, RouteExceptionCode]> = [
  [/nest in a cycle/, RouteExceptionCode.CYCLE],
  [/levels deep/, RouteExceptionCode.TOO_DEEP],
  [/names target \d+, but the route has/, RouteExceptionCode.TARGET_OUT_OF_RANGE],
  [/: regex (needs a string|.+ does not compile)$/, RouteExceptionCode.INVALID_REGEX],
  [/needs a judge/, RouteExceptionCode.JUDGE_REQUIRED],
];

export function problemCode(problem: string): RouteExceptionCode {
  return PROBLEM_CODES.find(([pattern]) => pattern.test(problem))?.[1] ?? RouteExceptionCode.INVALID_SETTINGS;
}

/**
 * Refuses `route` when its strategy settings are unusable, or when the workspace's routes
 * (`routes`, including `route` as it would be) nest into a cycle or too deep. Routes are
 * named by alias in the message; the code is that of the first problem.
 */
export function checkRoute(route: SnapshotRoute, routes: SnapshotRoute[]): void {
  const problems = [
    ...nestingProblems(routes),
    ...strategyProblems(route).map((p) => `route ${route.id} ${p}`),
  ];
  if (!problems.length) return;
  const aliases = new Map(routes.map((r) => [r.id, `"${r.alias}"`]));
  const readable = problems.map((p) =>
    p.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, (id) => aliases.get(id) ?? id),
  );
  throw new RouteException(readable.join('; '), problemCode(problems[0]));
}
