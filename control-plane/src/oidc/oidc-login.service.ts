import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { CONTROL_PLANE_CONFIG } from '../config/config.module';
import type { ControlPlaneConfig } from '../config/env';
import { limitKey } from '../common/client-address';
import { WindowCounter } from '../identity/login-throttle';
import { SessionsService } from '../identity/sessions.service';
import {
  higherRole,
  lockUserMemberships,
  reconcileMemberships,
  rolesForGroups,
} from '../role-mappings/memberships-from-groups';
import { UserEntity } from '../users/user.entity';
import { OidcClientService, type LoginChecks, type OidcClaims } from './oidc-client.service';
import type { OidcLoginLimits } from './oidc-env';
import { OidcLoginError } from './oidc.exception';
import { OidcSettingsService, type EffectiveOidcSettings } from './oidc-settings.service';

/** How long a started sign-in may take before its state is refused. */
export const LOGIN_ATTEMPT_TTL_SECONDS = 600;

/** The window over which one client's starts are counted. */
const CLIENT_WINDOW_MS = 60_000;

export interface SignedIn {
  user: UserEntity;
  token: string;
  expiresAt: Date;
  /** Where to send the browser: postLoginRedirect with the session in the fragment. */
  redirectTo: string;
  created: boolean;
}

/**
 * Sign-in through the installation's OIDC provider: starts the authorization request (state,
 * nonce and PKCE verifier kept in `oidc_login_attempts`, single use), and on the callback
 * finds the user by (issuer, subject), else links a user by verified email, else creates one
 * (just in time); applies roles; issues a session.
 *
 * Starting is anonymous and writes a row, so it is limited twice: per client address (in
 * memory, per replica, like password sign-in; an IPv6 client by its /64) and by a cap on
 * pending attempts (in Postgres, so it holds across replicas and however many addresses a
 * client has). Callbacks are limited per client address the same way.
 */
@Injectable()
export class OidcLoginService {
  private readonly limits: OidcLoginLimits;
  private readonly starts = new WindowCounter(CLIENT_WINDOW_MS);
  private readonly callbacks = new WindowCounter(CLIENT_WINDOW_MS);

  constructor(
    @Inject(CONTROL_PLANE_CONFIG) config: ControlPlaneConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settingsService: OidcSettingsService,
    private readonly client: OidcClientService,
    private readonly sessions: SessionsService,
  ) {
    this.limits = config.oidcLoginLimits;
  }

  /** Starts a sign-in for the client at `address`; every call counts against its limit. */
  async start(loginHint: string | undefined, address: string): Promise<{ url: string; state: string }> {
    admit(this.starts, address, this.limits.perClientPerMinute, 'were started');
    const settings = await this.settings();
    const { url, checks } = await this.client.authorizationUrl(
      settings,
      loginHint ? { login_hint: loginHint } : {},
    );
    await this.dataSource.transaction(async (manager) => {
      // One start at a time, so concurrent ones cannot all pass the cap (a few ms each).
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('oidc_login_attempts'))`);
      await manager.query(
        `DELETE FROM oidc_login_attempts WHERE created_at < now() - make_interval(secs => $1)`,
        [LOGIN_ATTEMPT_TTL_SECONDS],
      );
      const [{ pending, expires_in }]: Array<{ pending: number; expires_in: number | null }> =
        await manager.query(
          `SELECT count(*)::int AS pending,
                  extract(epoch FROM min(created_at) + make_interval(secs => $1) - now())::float8 AS expires_in
           FROM oidc_login_attempts`,
          [LOGIN_ATTEMPT_TTL_SECONDS],
        );
      if (pending >= this.limits.maxPending) {
        // The oldest pending attempt expires then, if no callback frees a place sooner.
        const wait = retryAfter(expires_in ?? 1);
        throw new OidcLoginError(
          'OIDC_TOO_MANY_PENDING_LOGINS',
          `Too many sign-ins are in progress on this installation; try again in ${duration(wait)}`,
          wait,
        );
      }
      await manager.query(
        `INSERT INTO oidc_login_attempts (state, nonce, code_verifier) VALUES ($1, $2, $3)`,
        [checks.state, checks.nonce, checks.codeVerifier],
      );
    });
    return { url: url.toString(), state: checks.state };
  }

  /**
   * Counts a callback from the client at `address` against its limit, before `finish`: each
   * costs a query or two (and, with a valid state, calls to the provider).
   */
  admitCallback(address: string): void {
    admit(this.callbacks, address, this.limits.perClientPerMinute, 'came back');
  }

  /**
   * Finishes a sign-in. `browserState` is the state from the cookie set at start: the
   * callback must come back to the browser that started it (no login CSRF).
   */
  async finish(query: URLSearchParams, browserState: string | undefined): Promise<SignedIn> {
    const settings = await this.settings();
    const state = query.get('state');
    if (!state || !browserState || state !== browserState) {
      throw new OidcLoginError(
        'OIDC_INVALID_STATE',
        'This sign-in was not started from this browser or has expired; start again',
      );
    }
    const rows: Array<{ nonce: string; code_verifier: string }> = await this.dataSource.query(
      `DELETE FROM oidc_login_attempts WHERE state = $1 AND created_at >= now() - make_interval(secs => $2)
       RETURNING nonce, code_verifier`,
      [state, LOGIN_ATTEMPT_TTL_SECONDS],
    );
    // DELETE … RETURNING in node-postgres through TypeORM yields [rows, count].
    const attempt = (Array.isArray(rows[0]) ? (rows[0] as unknown as typeof rows) : rows)[0];
    if (!attempt) {
      throw new OidcLoginError('OIDC_INVALID_STATE', 'Unknown, used or expired sign-in state; start again');
    }
    const error = query.get('error');
    if (error) {
      const description = query.get('error_description');
      throw new OidcLoginError(
        error === 'access_denied' ? 'OIDC_DENIED' : 'OIDC_INVALID_RESPONSE',
        `The provider refused the sign-in: ${error}${description ? ` (${description})` : ''}`,
      );
    }
    const checks: LoginChecks = { state, nonce: attempt.nonce, codeVerifier: attempt.code_verifier };
    const claims = await this.client.exchange(settings, query, checks);
    const { user, created } = await this.dataSource.transaction((manager) =>
      this.signIn(manager, settings, claims),
    );
    const session = await this.sessions.issue(user, 'oidc');
    const fragment = new URLSearchParams({
      session: session.token,
      expires_at: session.expiresAt.toISOString(),
    });
    return {
      user,
      created,
      token: session.token,
      expiresAt: session.expiresAt,
      redirectTo: `${settings.postLoginRedirect.split('#')[0]}#${fragment.toString()}`,
    };
  }

  /** Whether sign-in through the provider is configured and enabled. */
  async enabled(): Promise<boolean> {
    const settings = await this.settingsService.current();
    return settings?.enabled === true;
  }

  private async settings(): Promise<EffectiveOidcSettings> {
    const settings = await this.settingsService.current();
    if (!settings || !settings.enabled) {
      throw new OidcLoginError(
        'OIDC_NOT_CONFIGURED',
        'Single sign-on is not configured on this installation',
      );
    }
    return settings;
  }

  private async signIn(
    manager: EntityManager,
    settings: EffectiveOidcSettings,
    claims: OidcClaims,
  ): Promise<{ user: UserEntity; created: boolean }> {
    const email = typeof claims.email === 'string' && claims.email.includes('@') ? claims.email.trim() : null;
    const verified = claims.email_verified === true || claims.email_verified === 'true';
    if (email && settings.allowedEmailDomains.length) {
      const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
      if (!settings.allowedEmailDomains.includes(domain)) {
        throw new OidcLoginError(
          'OIDC_DOMAIN_NOT_ALLOWED',
          `Sign-in with ${domain} addresses is not allowed here`,
        );
      }
    }

    let created = false;
    let user = await manager.findOne(UserEntity, {
      where: { oidcIssuer: claims.iss, oidcSubject: claims.sub },
    });
    if (!user) {
      if (!email) {
        throw new OidcLoginError(
          'OIDC_EMAIL_MISSING',
          'The provider sent no email address; ask for the email scope',
        );
      }
      if (settings.allowedEmailDomains.length === 0 && !verified) {
        // Without a domain allow-list, only a verified address may create or claim an account.
        throw new OidcLoginError('OIDC_EMAIL_NOT_VERIFIED', `The provider has not verified ${email}`);
      }
      user = await manager
        .createQueryBuilder(UserEntity, 'u')
        .setLock('pessimistic_write')
        .where('lower(u.email) = lower(:email)', { email })
        .getOne();
      if (user) {
        if (!verified) {
          throw new OidcLoginError('OIDC_EMAIL_NOT_VERIFIED', `The provider has not verified ${email}`);
        }
        if (user.oidcSubject !== null) {
          throw new OidcLoginError(
            'OIDC_IDENTITY_CONFLICT',
            `${email} is already linked to another single sign-on identity`,
          );
        }
        user.oidcIssuer = claims.iss;
        user.oidcSubject = claims.sub;
      } else {
        created = true;
        user = manager.create(UserEntity, {
          id: randomUUID(),
          email,
          displayName: displayName(claims, email),
          passwordHash: null,
          installationAdmin: false,
          active: true,
          externalId: null,
          oidcIssuer: claims.iss,
          oidcSubject: claims.sub,
          lastLoginAt: null,
        });
      }
      user = await manager.save(user);
    }
    if (!user.active) {
      throw new OidcLoginError('OIDC_USER_DEACTIVATED', 'This account is deactivated');
    }

    await lockUserMemberships(manager, user.id);
    const groups = settings.groupsClaim ? groupNames(claims[settings.groupsClaim]) : [];
    const desired = await rolesForGroups(manager, groups);
    if (settings.defaultWorkspaceId && settings.defaultRole) {
      const held = desired.get(settings.defaultWorkspaceId);
      desired.set(
        settings.defaultWorkspaceId,
        held ? higherRole(held, settings.defaultRole) : settings.defaultRole,
      );
    }
    await reconcileMemberships(manager, user.id, 'oidc', desired);
    return { user, created };
  }
}

/** Whole seconds for `retry-after`: at least 1, at most the attempts' lifetime. */
/**
 * Counts one more request from the client at `address` (an IPv6 client by its /64), or
 * refuses it with 429 when `limit` were already counted in the window.
 */
function admit(counter: WindowCounter, address: string, limit: number, what: string): void {
  const key = limitKey(address);
  if (counter.tryAdd(key, limit)) return;
  const wait = retryAfter(counter.resetsIn(key) / 1000);
  throw new OidcLoginError(
    'OIDC_LOGIN_THROTTLED',
    `Too many sign-ins ${what} from your address; try again in ${duration(wait)}`,
    wait,
  );
}

function retryAfter(seconds: number): number {
  return Math.min(Math.max(Math.ceil(seconds), 1), LOGIN_ATTEMPT_TTL_SECONDS);
}

function duration(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

function displayName(claims: OidcClaims, email: string): string {
  const name =
    typeof claims.name === 'string' && claims.name.trim()
      ? claims.name.trim()
      : [claims.given_name, claims.family_name].filter((p) => typeof p === 'string' && p).join(' ');
  return (name || email).slice(0, 200);
}

/** A groups claim: an array of names, or one name, or a space/comma separated string. */
function groupNames(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}
