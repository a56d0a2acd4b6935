import type { CacheSettings } from '../cache/types';

export interface VirtualKey {
  id: string;
  workspaceId: string;
  name: string;
  /** First 10 characters of the secret, so people can recognise a key without seeing it. */
  prefix: string;
  expiresAt: string | null;
  revokedAt: string | null;
  /** Routes the key may call; null (or empty) means every route of the workspace. */
  allowedRouteIds: string[] | null;
  /** For calls to routes without cache settings of their own; null: no caching. */
  cache: CacheSettings | null;
  createdAt: string;
}

/** The create result: the secret exists in the console only for the dialog that shows it once. */
export interface CreatedVirtualKey extends VirtualKey {
  secret: string;
}
