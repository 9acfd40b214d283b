import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export class InstantiateDto {
  @IsString() @IsNotEmpty() @MaxLength(256) displayName: string;
}

export class AppRoleAssignmentDto {
  @IsUUID('all', { message: "Invalid value specified for property 'principalId' of resource 'AppRoleAssignment'." }) principalId: string;
  @IsUUID('all', { message: "Invalid value specified for property 'resourceId' of resource 'AppRoleAssignment'." }) resourceId: string;
  @IsUUID('all', { message: "Invalid value specified for property 'appRoleId' of resource 'AppRoleAssignment'." }) appRoleId: string;
}

const ROLE = (property: string) => `Invalid value specified for property '${property}' of resource 'AppRole'.`;

/**
 * Graph's appRole. `value`: no spaces, not starting with a dot, only the characters Graph allows (letters, digits and
 * ! # $ % & ' ( ) * + , - . / : ; = ? @ [ ] ^ _ ` { | } ~), at most 120.
 */
export class AppRoleDto {
  @IsUUID('all', { message: ROLE('id') }) id: string;
  @IsArray({ message: ROLE('allowedMemberTypes') })
  @ArrayMinSize(1, { message: ROLE('allowedMemberTypes') })
  @ArrayMaxSize(2, { message: ROLE('allowedMemberTypes') })
  @IsIn(['User', 'Application'], { each: true, message: ROLE('allowedMemberTypes') })
  allowedMemberTypes: string[];
  @IsOptional() @IsString({ message: ROLE('description') }) @MaxLength(1024, { message: ROLE('description') }) description?: string | null;
  @IsString({ message: ROLE('displayName') })
  @IsNotEmpty({ message: ROLE('displayName') })
  @MaxLength(100, { message: ROLE('displayName') })
  displayName: string;
  @IsBoolean({ message: ROLE('isEnabled') }) isEnabled: boolean;
  @IsOptional()
  @IsString({ message: ROLE('value') })
  @MaxLength(120, { message: ROLE('value') })
  @Matches(/^(?!\.)[A-Za-z0-9!#$%&'()*+,\-./:;=?@[\]^_`{|}~]+$/, { message: ROLE('value') })
  value?: string | null;
  @IsOptional() @IsIn(['Application', 'ServicePrincipal'], { message: ROLE('origin') }) origin?: string;
}

/** PATCH /applications/{id} and /servicePrincipals/{id}: the app roles (the whole collection, as Graph replaces it). */
export class UpdateAppRolesDto {
  @IsOptional() @IsArray() @ArrayMaxSize(1200) @ValidateNested({ each: true }) @Type(() => AppRoleDto) appRoles?: AppRoleDto[];
}
