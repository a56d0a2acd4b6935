import { Inject, Injectable } from '@nestjs/common';
import { openSecret, sealSecret, type ProviderCredentials } from '@switchyard/proto';
import { CONTROL_PLANE_CONFIG } from '../config/config.module';
import type { ControlPlaneConfig } from '../config/env';

/**
 * The only place provider credentials (and other single secret values, such as guardrail
 * webhook headers) are encrypted or decrypted. At rest they are sealed
 * under the master key with context `provider:<id>`; in a snapshot they are re-sealed under
 * the snapshot key with context `<id>` (what the data plane expects).
 */
@Injectable()
export class CredentialsVault {
  constructor(@Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig) {}

  sealAtRest(providerId: string, credentials: ProviderCredentials): string {
    return sealSecret(this.config.masterKey, atRestContext(providerId), JSON.stringify(credentials));
  }

  /** Throws if the envelope was not sealed for this provider under the current master key. */
  openAtRest(providerId: string, sealed: string): ProviderCredentials {
    return JSON.parse(
      openSecret(this.config.masterKey, atRestContext(providerId), sealed),
    ) as ProviderCredentials;
  }

  /** Moves a credential from at-rest sealing to snapshot sealing without returning the plaintext. */
  resealForSnapshot(providerId: string, sealedAtRest: string): string {
    const plaintext = openSecret(this.config.masterKey, atRestContext(providerId), sealedAtRest);
    return sealSecret(this.config.snapshotKey, providerId, plaintext);
  }

  /** Seals one secret value (a webhook header) at rest, bound to `context`. */
  sealValueAtRest(context: string, plaintext: string): string {
    return sealSecret(this.config.masterKey, valueAtRestContext(context), plaintext);
  }

  /** Re-seals a value from `sealValueAtRest` for a snapshot, under the same `context`. */
  resealValueForSnapshot(context: string, sealedAtRest: string): string {
    const plaintext = openSecret(this.config.masterKey, valueAtRestContext(context), sealedAtRest);
    return sealSecret(this.config.snapshotKey, context, plaintext);
  }
}

function valueAtRestContext(context: string): string {
  return `value:${context}`;
}

function atRestContext(providerId: string): string {
  return `provider:${providerId}`;
}
