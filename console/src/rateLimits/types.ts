export interface RateLimitUsage {
  requests: number;
  tokens: number;
  inFlight: number;
  nodes: number;
  observedAt: string;
}

export interface RateLimit {
  id: string;
  workspaceId: string;
  scope: 'workspace' | 'key' | 'route';
  keyId: string | null;
  routeId: string | null;
  windowSeconds: number;
  requestsPerWindow: number | null;
  tokensPerWindow: number | null;
  concurrent: number | null;
  usage: RateLimitUsage | null;
  createdAt: string;
  updatedAt: string;
}
