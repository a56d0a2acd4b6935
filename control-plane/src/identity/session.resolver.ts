import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Role, type Principal } from '../auth/principal';
import { Public, Roles, SessionOnly, Unscoped } from '../auth/roles.decorator';
import { clientAddress } from '../common/client-address';
import { MeDto, SessionDto, UserDto } from './dtos/user.dto';
import { ChangePasswordInput, LoginArgs } from './dtos/user.inputs';
import { LoginService } from './login.service';
import { SessionsService } from './sessions.service';
import { toUserDto } from './user.mapper';
import { UsersService } from './users.service';

@Resolver()
export class SessionResolver {
  constructor(
    private readonly login_: LoginService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Mutation(() => SessionDto, {
    description:
      'Signs in with email and password; the one operation that needs no token. Failed attempts are throttled per email and client address.',
  })
  async login(@Args() args: LoginArgs, @Context('req') req: AuthenticatedRequest): Promise<SessionDto> {
    const { token, expiresAt, user } = await this.login_.login(
      args.email,
      args.password,
      clientAddress(req) ?? 'unknown',
    );
    return { token, expiresAt, user: toUserDto(user) };
  }

  @Roles(Role.Viewer)
  @Unscoped()
  @SessionOnly()
  @Mutation(() => Boolean, { description: 'Ends the session whose token made this request.' })
  async logout(@CurrentPrincipal() principal: Principal): Promise<boolean> {
    await this.sessions.revoke(principal.sessionId!);
    return true;
  }

  @Roles(Role.Viewer)
  @Unscoped()
  @SessionOnly()
  @Mutation(() => UserDto, { description: "Ends the user's other sessions; this one stays signed in." })
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: ChangePasswordInput,
  ): Promise<UserDto> {
    return toUserDto(await this.login_.changePassword(principal, input.currentPassword, input.newPassword));
  }

  @Roles(Role.Viewer)
  @Unscoped()
  @Query(() => MeDto, {
    description: 'Who the token belongs to: user, installation admin flag and workspace roles.',
  })
  async me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    const user = principal.userId ? await this.users.get(principal.userId) : null;
    const memberships = await this.users.membershipsOf(principal.workspaceRoles);
    return {
      kind: principal.kind,
      user: user ? toUserDto(user) : null,
      installationAdmin: principal.installationAdmin,
      memberships: memberships.map(({ workspace, role }) => ({
        workspaceId: workspace.id,
        workspaceSlug: workspace.slug,
        workspaceName: workspace.name,
        role,
      })),
    };
  }
}
