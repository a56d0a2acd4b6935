import { sessionFromFragment } from './ssoFragment';

describe('the SSO session fragment', () => {
  it('takes the token and leaves the home route', () => {
    expect(
      sessionFromFragment('https://sy.example.com/#session=eyJ.a.b&expires_at=2026-01-01T00%3A00%3A00.000Z'),
    ).toEqual({ token: 'eyJ.a.b', cleanUrl: 'https://sy.example.com/#/' });
    expect(sessionFromFragment('https://sy.example.com/console/?x=1#session=t')).toEqual({
      token: 't',
      cleanUrl: 'https://sy.example.com/console/?x=1#/',
    });
  });

  it('ignores URLs without one (ordinary routes included)', () => {
    expect(sessionFromFragment('https://sy.example.com/')).toBeNull();
    expect(sessionFromFragment('https://sy.example.com/#/routes')).toBeNull();
    expect(sessionFromFragment('https://sy.example.com/#session=')).toBeNull();
  });
});
