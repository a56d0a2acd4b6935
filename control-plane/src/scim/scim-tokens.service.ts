import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { generateKeySecret } from '../crypto/key-secret';
import { ScimTokenEntity } from './scim-token.entity';
import { ScimConfigException, ScimConfigExceptionCode } from './scim-config.exception';

const TOKEN_PREFIX_LENGTH = 12;

function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** SCIM bearer tokens: created by installation admins, the secret shown once. */
@Injectable()
export class ScimTokensService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(): Promise<ScimTokenEntity[]> {
    return this.dataSource.manager.find(ScimTokenEntity, { order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async create(name: string): Promise<{ token: ScimTokenEntity; secret: string }> {
    const secret = `sy-scim-${generateKeySecret().slice(3)}`;
    const token = await this.dataSource.manager.save(
      this.dataSource.manager.create(ScimTokenEntity, {
        id: randomUUID(),
        name,
        prefix: secret.slice(0, TOKEN_PREFIX_LENGTH),
        tokenHash: hashToken(secret),
        lastUsedAt: null,
        revokedAt: null,
      }),
    );
    return { token, secret };
  }

  /** Idempotent: the token stops working at once. */
  async revoke(id: string): Promise<ScimTokenEntity> {
    const token = await this.dataSource.manager.findOne(ScimTokenEntity, { where: { id } });
    if (!token) {
      throw new ScimConfigException(`SCIM token ${id} not found`, ScimConfigExceptionCode.TOKEN_NOT_FOUND);
    }
    if (!token.revokedAt) {
      token.revokedAt = new Date();
      await this.dataSource.manager.save(token);
    }
    return token;
  }

  /** Whether `secret` is a live token; records its use. */
  async verify(secret: string): Promise<boolean> {
    const result: unknown[] = await this.dataSource.manager
      .createQueryBuilder()
      .update(ScimTokenEntity)
      .set({ lastUsedAt: () => 'now()' })
      .where({ tokenHash: hashToken(secret), revokedAt: IsNull() })
      .returning('id')
      .execute()
      .then((r) => r.raw as unknown[]);
    return result.length === 1;
  }
}
