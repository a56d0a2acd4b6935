/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** GraphQL admin API URL baked in at build time; default: `${window.location.origin}/graphql`. */
  readonly VITE_SWITCHYARD_GRAPHQL_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
