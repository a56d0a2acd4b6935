import { IdentityException } from './identity.exception';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords';

it('hashes with argon2id and verifies', async () => {
  const hash = await hashPassword('correct horse battery staple');
  expect(hash).toMatch(/^\$argon2id\$v=19\$/);
  expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
  expect(await verifyPassword(hash, 'correct horse battery stapl')).toBe(false);
  expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
});

it('applies the policy: at least 12 characters, not the email', () => {
  expect(() => checkPasswordPolicy('a'.repeat(12), 'ada@example.com')).not.toThrow();
  expect(() => checkPasswordPolicy('a'.repeat(11), 'ada@example.com')).toThrow(
    'Password must be at least 12 characters',
  );
  expect(() => checkPasswordPolicy(' ADA@example.com', 'ada@example.com')).toThrow(
    'Password must not be the email address',
  );
  expect(() => checkPasswordPolicy('a'.repeat(257), 'ada@example.com')).toThrow(IdentityException);
});
