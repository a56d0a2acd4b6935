/**
 * Where the GraphQL admin API lives. The control plane serves the built console at `/` and GraphQL at
 * `/graphql` on the same origin, so the default needs no configuration (and no CORS).
 */
export const graphqlUrl: string =
  import.meta.env.VITE_SWITCHYARD_GRAPHQL_URL || `${window.location.origin}/graphql`;
