import { DeleteButton, useRecordContext } from 'react-admin';
import { Chip, Tooltip } from '@mui/material';

/** A secret-bearing record: a virtual key, an API token, a SCIM token. */
interface Credential {
  name: string;
  revokedAt?: string | null;
  expiresAt?: string | null;
}

export type CredentialStatus = 'active' | 'expired' | 'revoked';

export function credentialStatus(record: Credential, now = Date.now()): CredentialStatus {
  if (record.revokedAt) return 'revoked';
  if (record.expiresAt && new Date(record.expiresAt).getTime() <= now) return 'expired';
  return 'active';
}

const COLORS = { active: 'success', expired: 'warning', revoked: 'error' } as const;

/** The record's status as a chip, with when it was revoked or expired as its tooltip. */
export const CredentialStatusField = () => {
  const record = useRecordContext<Credential>();
  if (!record) return null;
  const status = credentialStatus(record);
  const when = status === 'revoked' ? record.revokedAt : status === 'expired' ? record.expiresAt : null;
  const chip = <Chip label={status} size="small" color={COLORS[status]} variant="outlined" />;
  return when ? <Tooltip title={`${status} ${new Date(when).toLocaleString()}`}>{chip}</Tooltip> : chip;
};

/** Revokes a token through the resource's delete (asking first); nothing once it is revoked. */
export const RevokeTokenButton = ({ noun, consequence }: { noun: string; consequence: string }) => {
  const record = useRecordContext<Credential>();
  if (!record || record.revokedAt) return null;
  return (
    <DeleteButton
      mutationMode="pessimistic"
      label="Revoke"
      confirmTitle={`Revoke the ${noun} “${record.name}”?`}
      confirmContent={consequence}
    />
  );
};
