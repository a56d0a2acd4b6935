import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { UserDto } from './dtos/user.dto';
import {
  CreateUserInput,
  SetInstallationAdminInput,
  SetUserActiveInput,
  SetUserPasswordInput,
} from './dtos/user.inputs';
import { toUserDto } from './user.mapper';
import { UsersService } from './users.service';

/** Installation-wide: only installation admins (and the bootstrap admin token) manage users. */
@Resolver(() => UserDto)
export class UsersResolver {
  constructor(private readonly users: UsersService) {}

  @Roles(Role.InstallationAdmin)
  @Query(() => [UserDto], { name: 'users' })
  async listUsers(): Promise<UserDto[]> {
    return (await this.users.list()).map(toUserDto);
  }

  @Roles(Role.InstallationAdmin)
  @Mutation(() => UserDto, {
    description:
      'With the bootstrap admin token, this is how the first real user is made (installationAdmin: true).',
  })
  async createUser(@Args('input') input: CreateUserInput): Promise<UserDto> {
    return toUserDto(await this.users.create(input));
  }

  @Roles(Role.InstallationAdmin)
  @Mutation(() => UserDto, {
    description: 'Deactivating ends their sessions at once and stops the API tokens they created.',
  })
  async setUserActive(@Args('input') input: SetUserActiveInput): Promise<UserDto> {
    return toUserDto(await this.users.setActive(input.userId, input.active));
  }

  @Roles(Role.InstallationAdmin)
  @Mutation(() => UserDto)
  async setInstallationAdmin(@Args('input') input: SetInstallationAdminInput): Promise<UserDto> {
    return toUserDto(await this.users.setInstallationAdmin(input.userId, input.installationAdmin));
  }

  @Roles(Role.InstallationAdmin)
  @Mutation(() => UserDto, { description: 'Resets a password and ends every session of the user.' })
  async setUserPassword(@Args('input') input: SetUserPasswordInput): Promise<UserDto> {
    return toUserDto(await this.users.setPassword(input.userId, input.password));
  }
}
