import { QueryFailedError } from 'typeorm';

/** The name of the unique constraint a write violated, or null if it failed otherwise. */
export function uniqueViolation(error: unknown): string | null {
  return pgError(error, '23505');
}

/** The name of the foreign key a write violated, or null if it failed otherwise. */
export function foreignKeyViolation(error: unknown): string | null {
  return pgError(error, '23503');
}

function pgError(error: unknown, sqlState: string): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === sqlState ? (driverError.constraint ?? '') : null;
}
