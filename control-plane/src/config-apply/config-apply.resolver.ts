import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Role } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { AuditSummary } from '../audit/audit.decorators';
import { ConfigApplyService } from './config-apply.service';
import { ApplyConfigInput } from './dtos/apply-config.input';
import { ApplyConfigResultDto } from './dtos/apply-config.result';

@Resolver(() => ApplyConfigResultDto)
export class ConfigApplyResolver {
  constructor(private readonly configApply: ConfigApplyService) {}

  @Roles(Role.InstallationAdmin)
  @Mutation(() => ApplyConfigResultDto, {
    description:
      'Idempotent upsert of declarative config (what `switchyard apply -f` sends), in one transaction.',
  })
  @AuditSummary()
  applyConfig(@Args('input') input: ApplyConfigInput): Promise<ApplyConfigResultDto> {
    return this.configApply.apply(input);
  }
}
