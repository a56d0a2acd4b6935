import { ROUTE_STRATEGIES, type RouteStrategy } from './types';

/** What each strategy does, in the words the form and the show page use. */
export const STRATEGY_HELP: Record<RouteStrategy, string> = {
  single: 'Every request goes to the first target',
  weighted: 'One target at random, in proportion to its weight',
  fallback: 'Targets in order; the next one when an attempt fails as the fallback policy says',
  conditional: 'The first rule whose tests all hold picks the target; otherwise the default',
  'least-latency': 'The target with the lowest observed latency (untried ones first)',
  'lowest-cost': 'The target with the lowest catalog price for the request',
  semantic: 'The intent most similar to the last user message picks the target',
  ensemble: 'Every target in parallel, combined into one answer',
};

export const STRATEGY_CHOICES = ROUTE_STRATEGIES.map((strategy) => ({ id: strategy, name: strategy }));

/** The API's rule for identifiers: printable ASCII without whitespace, up to 200 characters. */
export const TOKEN_PATTERN = /^[\x21-\x7e]+$/;
