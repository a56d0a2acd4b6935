import { SwitchyardException } from '../errors/switchyard.exception';

export enum RouteExceptionCode {
  NOT_FOUND = 'ROUTE_NOT_FOUND',
  ALIAS_TAKEN = 'ROUTE_ALIAS_TAKEN',
  UNKNOWN_PROVIDER = 'ROUTE_UNKNOWN_PROVIDER',
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
