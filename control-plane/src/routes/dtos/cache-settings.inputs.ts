import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { CACHE_MODES, MAX_CACHE_TTL_SECONDS } from '@switchyard/proto';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { IsEmbedderModel } from './route-settings.inputs';

const MODE_MESSAGE = `mode must be one of: ${CACHE_MODES.join(', ')}`;

@InputType()
export class CacheEmbedderInput {
  @Field(() => ID, { nullable: true, description: 'Omit for the built-in local embedder.' })
  @IsOptional()
  @IsUUID('all')
  providerId?: string;

  @Field({ nullable: true, description: "The provider's embeddings model; empty for the local embedder." })
  @IsOptional()
  @IsEmbedderModel()
  model?: string;
}

@ObjectType('CacheEmbedder')
export class CacheEmbedderDto {
  @Field(() => ID, { nullable: true, description: 'Null: the built-in local embedder.' })
  providerId!: string | null;

  @Field()
  model!: string;
}

/** Cache settings every write shape shares; the embedder is named by id (GraphQL) or name (YAML). */
@InputType({ isAbstract: true })
export abstract class CacheSettingsBaseInput {
  @Field({ description: 'exact (same request) or semantic (similar last user message, same context).' })
  @IsIn(CACHE_MODES, { message: MODE_MESSAGE })
  mode!: string;

  @Field(() => Int, {
    description: `How long an answer is served from the cache (1-${MAX_CACHE_TTL_SECONDS} s).`,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_CACHE_TTL_SECONDS)
  ttlSeconds!: number;

  @Field(() => Float, { nullable: true, description: 'semantic: the cosine similarity a hit needs (0-1).' })
  @IsOptional()
  @IsNumber({ allowNaN: false })
  @Min(0)
  @Max(1)
  threshold?: number;
}

@InputType({ description: 'Response caching of a route or key; null turns it off.' })
export class CacheSettingsInput extends CacheSettingsBaseInput {
  @Field(() => CacheEmbedderInput, {
    nullable: true,
    description: 'semantic: the embedder; default the built-in local one.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CacheEmbedderInput)
  embedder?: CacheEmbedderInput;
}

@ObjectType('CacheSettings')
export class CacheSettingsDto {
  @Field({ description: 'exact or semantic.' })
  mode!: string;

  @Field(() => Int)
  ttlSeconds!: number;

  @Field(() => CacheEmbedderDto, { nullable: true })
  embedder!: CacheEmbedderDto | null;

  @Field(() => Float, { nullable: true })
  threshold!: number | null;
}
