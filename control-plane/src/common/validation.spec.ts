import { validate } from 'class-validator';
import { IsEmailAddress } from './validation';

class WithEmail {
  @IsEmailAddress()
  email!: unknown;
}

async function problems(email: unknown): Promise<string[]> {
  const o = new WithEmail();
  o.email = email;
  return (await validate(o)).flatMap((e) => Object.values(e.constraints ?? {}));
}

describe('IsEmailAddress', () => {
  it('accepts addresses and refuses the rest, including text validator.js throws on', async () => {
    expect(await problems('ops@example.com')).toEqual([]);
    for (const bad of ['not an email', '\ud800', 'a\ud800@example.com', 42, null])
      expect(await problems(bad)).toEqual(['email must be an email address']);
  });
});
