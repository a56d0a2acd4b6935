import { Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { OidcLoginError } from './oidc.exception';
import type { EffectiveOidcSettings } from './oidc-settings.service';

/** What an authorization request needs to be checked on its way back. */
export interface LoginChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The identity an OIDC provider vouched for: ID token claims, completed from userinfo. */
export type OidcClaims = Record<string, unknown> & { sub: string; iss: string };

const DISCOVERY_TTL_MS = 10 * 60_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The relying party, through openid-client: discovery (cached), authorization code with
 * PKCE (S256), state and nonce, ID token validation, userinfo.
 */
@Injectable()
export class OidcClientService {
  private cached: { key: string; at: number; config: Promise<oidc.Configuration> } | null = null;

  /** Drops the cached discovery (settings changed). */
  forget(): void {
    this.cached = null;
  }

  async authorizationUrl(
    settings: EffectiveOidcSettings,
    extra: Record<string, string>,
  ): Promise<{ url: URL; checks: LoginChecks }> {
    const config = await this.configuration(settings);
    const checks: LoginChecks = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
    const url = oidc.buildAuthorizationUrl(config, {
      ...extra,
      redirect_uri: settings.redirectUri,
      scope: settings.scopes.join(' '),
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
      state: checks.state,
      nonce: checks.nonce,
    });
    return { url, checks };
  }

  /** Exchanges the code and validates the ID token; throws `OidcLoginError` on any failure. */
  async exchange(
    settings: EffectiveOidcSettings,
    query: URLSearchParams,
    checks: LoginChecks,
  ): Promise<OidcClaims> {
    const config = await this.configuration(settings);
    // The callback URL as registered (a proxy in front may have changed host or scheme).
    const currentUrl = new URL(settings.redirectUri);
    currentUrl.search = query.toString();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw providerError(error);
    }
    const idClaims = tokens.claims();
    if (!idClaims) throw new OidcLoginError('OIDC_INVALID_RESPONSE', 'The provider returned no ID token');
    let claims: OidcClaims = { ...idClaims, sub: idClaims.sub, iss: idClaims.iss };
    if (config.serverMetadata().userinfo_endpoint) {
      try {
        const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        // Userinfo completes what the ID token left out (providers often keep email and groups out of
        // it); what the ID token says stays authoritative.
        claims = { ...userinfo, ...claims };
      } catch (error) {
        throw providerError(error);
      }
    }
    return claims;
  }

  private configuration(settings: EffectiveOidcSettings): Promise<oidc.Configuration> {
    const key = JSON.stringify([settings.issuer, settings.clientId, settings.clientSecret]);
    if (this.cached && this.cached.key === key && Date.now() - this.cached.at < DISCOVERY_TTL_MS) {
      return this.cached.config;
    }
    const issuer = new URL(settings.issuer);
    // Plain http only for a provider on this machine (development and tests).
    const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
    const config = oidc
      .discovery(
        issuer,
        settings.clientId,
        undefined,
        settings.clientSecret ? oidc.ClientSecretBasic(settings.clientSecret) : oidc.None(),
        insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.cached = null;
        throw new OidcLoginError(
          'OIDC_PROVIDER_UNAVAILABLE',
          `Could not read the provider's configuration at ${settings.issuer}: ${(error as Error).message}`,
        );
      });
    this.cached = { key, at: Date.now(), config };
    return config;
  }
}

function providerError(error: unknown): OidcLoginError {
  if (error instanceof OidcLoginError) return error;
  const e = error as {
    name?: string;
    message?: string;
    error?: string;
    error_description?: string;
    code?: string;
  };
  if (e.name === 'AuthorizationResponseError' || e.error) {
    const denied =
      e.error === 'access_denied' || e.error === 'consent_required' || e.error === 'login_required';
    return new OidcLoginError(
      denied ? 'OIDC_DENIED' : 'OIDC_INVALID_RESPONSE',
      `The provider refused the sign-in: ${e.error}${e.error_description ? ` (${e.error_description})` : ''}`,
    );
  }
  if (e.name === 'TypeError' || e.code === 'OAUTH_TIMEOUT' || /fetch failed/i.test(e.message ?? '')) {
    return new OidcLoginError('OIDC_PROVIDER_UNAVAILABLE', `The provider could not be reached: ${e.message}`);
  }
  return new OidcLoginError(
    'OIDC_INVALID_RESPONSE',
    `The provider's response failed validation: ${e.message}`,
  );
}
