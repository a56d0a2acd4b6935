import { SetMetadata } from '@nestjs/common';
import { Role } from './principal';

export const ROLES_KEY = 'switchyard:roles';
export const PUBLIC_KEY = 'switchyard:public';

/** The roles allowed to call a resolver (class or method). Without it, only installation admins may. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Marks an HTTP handler that needs no principal (health checks). GraphQL resolvers are never public. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
