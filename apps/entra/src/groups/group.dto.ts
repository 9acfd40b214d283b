import { PartialType } from '@nestjs/mapped-types';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** POST /groups: Graph requires displayName, mailEnabled, mailNickname, securityEnabled. */
export class CreateGroupDto {
  @IsString() @IsNotEmpty() @MaxLength(256) displayName: string;
  @IsString() @Matches(/^[\x21-\x7e]{1,64}$/, { message: 'Property mailNickname is invalid.' }) mailNickname: string;
  @IsBoolean() mailEnabled: boolean;
  @IsBoolean() securityEnabled: boolean;
  @IsOptional() @IsString() @MaxLength(1024) description?: string | null;
}

export class UpdateGroupDto extends PartialType(CreateGroupDto) {}
