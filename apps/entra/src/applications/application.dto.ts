import { IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';

export class InstantiateDto {
  @IsString() @IsNotEmpty() @MaxLength(256) displayName: string;
}

export class AppRoleAssignmentDto {
  @IsUUID('all', { message: "Invalid value specified for property 'principalId' of resource 'AppRoleAssignment'." }) principalId: string;
  @IsUUID('all', { message: "Invalid value specified for property 'resourceId' of resource 'AppRoleAssignment'." }) resourceId: string;
  @IsUUID('all', { message: "Invalid value specified for property 'appRoleId' of resource 'AppRoleAssignment'." }) appRoleId: string;
}
