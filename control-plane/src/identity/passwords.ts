import * as argon2 from 'argon2';
import { IdentityException, IdentityExceptionCode } from './identity.exception';

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;

/** argon2id with the library's defaults (m=64 MiB, t=3, p=4), which meet OWASP's recommendation. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

/** False for a wrong password or a hash that is not argon2 (never throws on bad input). */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against for unknown emails so they take as long as known ones. */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`);
  return decoy;
}

/** The password policy: 12 to 256 characters, not the email. Throws PASSWORD_TOO_WEAK saying which rule. */
export function checkPasswordPolicy(password: string, email: string): void {
  const problem =
    [...password].length < MIN_PASSWORD_LENGTH
      ? `must be at least ${MIN_PASSWORD_LENGTH} characters`
      : password.length > MAX_PASSWORD_LENGTH
        ? `must be at most ${MAX_PASSWORD_LENGTH} characters`
        : password.trim().toLowerCase() === email.trim().toLowerCase()
          ? 'must not be the email address'
          : null;
  if (problem) {
    throw new IdentityException(`Password ${problem}`, IdentityExceptionCode.PASSWORD_TOO_WEAK);
  }
}
