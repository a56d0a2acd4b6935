import { FIXED_SECRET_PATTERN, generateKeySecret, keyPrefix } from './key-secret';

describe('virtual key secrets', () => {
  it('are sy- and 32 base62 characters, different each time', () => {
    const a = generateKeySecret();
    expect(a).toMatch(/^sy-[A-Za-z0-9]{32}$/);
    expect(generateKeySecret()).not.toBe(a);
    expect(FIXED_SECRET_PATTERN.test(a)).toBe(true);
  });

  it('keep the first ten characters as prefix', () => {
    expect(keyPrefix('sy-test-0123456789abcdef')).toBe('sy-test-01');
  });

  it('accept fixed secrets that are long enough and printable only', () => {
    expect(FIXED_SECRET_PATTERN.test('sy-test-0123456789abcdef')).toBe(true);
    expect(FIXED_SECRET_PATTERN.test('short')).toBe(false);
    expect(FIXED_SECRET_PATTERN.test('has a space in it!!')).toBe(false);
    expect(FIXED_SECRET_PATTERN.test('tab\tinside-0123456789')).toBe(false);
  });
});
