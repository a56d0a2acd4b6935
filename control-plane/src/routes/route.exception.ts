import { SwitchyardException } from '../errors/switchyard.exception';

export enum RouteExceptionCode {
  NOT_FOUND = 'ROUTE_NOT_FOUND',
  ALIAS_TAKEN = 'ROUTE_ALIAS_TAKEN',
  /** A target, judge or embedder names a provider that is not in the route's workspace. */
  UNKNOWN_PROVIDER = 'ROUTE_UNKNOWN_PROVIDER',
  /** A target or judge names a route that is not in the route's workspace. */
  UNKNOWN_ROUTE = 'ROUTE_UNKNOWN_ROUTE',
  /** A target names both a provider and a route, neither, or a provider without a model. */
  INVALID_TARGET = 'ROUTE_INVALID_TARGET',
  /** A rule, intent or default names a target index the route does not have. */
  TARGET_OUT_OF_RANGE = 'ROUTE_TARGET_OUT_OF_RANGE',
  INVALID_REGEX = 'ROUTE_INVALID_REGEX',
  /** An ensemble in synthesize or select mode without a judge. */
  JUDGE_REQUIRED = 'ROUTE_JUDGE_REQUIRED',
  /** Routes would nest into a cycle. */
  CYCLE = 'ROUTE_CYCLE',
  /** Routes would nest deeper than MAX_ROUTE_DEPTH. */
  TOO_DEEP = 'ROUTE_TOO_DEEP',
  /** Any other strategy setting the data plane could not use (missing block, bad match value). */
  INVALID_SETTINGS = 'ROUTE_INVALID_SETTINGS',
  /** Cache settings that do not fit their mode (semantic without a threshold, exact with an embedder). */
  INVALID_CACHE = 'ROUTE_INVALID_CACHE',
  /** Deleting a route that another route targets (or uses as a judge). */
  IN_USE = 'ROUTE_IN_USE',
}

export class RouteException extends SwitchyardException<RouteExceptionCode> {}

export function routeNotFound(id: string): RouteException {
  return new RouteException(`Route ${id} not found`, RouteExceptionCode.NOT_FOUND);
}

export function aliasTaken(alias: string): RouteException {
  return new RouteException(
    `A route with alias "${alias}" already exists in this workspace`,
    RouteExceptionCode.ALIAS_TAKEN,
  );
}
