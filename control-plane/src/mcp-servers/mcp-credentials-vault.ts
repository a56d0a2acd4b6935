import { Inject, Injectable } from '@nestjs/common';
import { openSecret, sealSecret, type McpServerCredentials } from '@switchyard/proto';
import { CONTROL_PLANE_CONFIG } from '../config/config.module';
import type { ControlPlaneConfig } from '../config/env';

/**
 * Seals MCP server credentials like provider credentials: at rest under the master key
 * (context `mcp-server:<id>`), in snapshots under the snapshot key (context `<id>`).
 */
@Injectable()
export class McpCredentialsVault {
  constructor(@Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig) {}

  sealAtRest(serverId: string, credentials: McpServerCredentials): string {
    return sealSecret(this.config.masterKey, atRest(serverId), JSON.stringify(credentials));
  }

  openAtRest(serverId: string, sealed: string): McpServerCredentials {
    return JSON.parse(openSecret(this.config.masterKey, atRest(serverId), sealed)) as McpServerCredentials;
  }

  resealForSnapshot(serverId: string, sealedAtRest: string): string {
    return sealSecret(
      this.config.snapshotKey,
      serverId,
      openSecret(this.config.masterKey, atRest(serverId), sealedAtRest),
    );
  }
}

function atRest(serverId: string): string {
  return `mcp-server:${serverId}`;
}
