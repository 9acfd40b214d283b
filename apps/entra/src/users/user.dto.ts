import { PartialType } from '@nestjs/mapped-types';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** Entra's rules, simplified: local part of letters, digits and . _ - ' ! # ^ ~ ; an @; a dotted domain. */
export const UPN_PATTERN = /^[A-Za-z0-9._'!#^~+-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const UPN_MESSAGE = 'Property userPrincipalName is invalid.';

export class PasswordProfileDto {
  @IsString()
  @MaxLength(256)
  password: string;

  @IsOptional()
  @IsBoolean()
  forceChangePasswordNextSignIn?: boolean;

  @IsOptional()
  @IsBoolean()
  forceChangePasswordNextSignInWithMfa?: boolean;
}

/** Graph's employeeOrgData: a PATCH replaces it whole (an omitted property becomes null). */
export class EmployeeOrgDataDto {
  @IsOptional() @IsString() @MaxLength(64) division?: string | null;
  @IsOptional() @IsString() @MaxLength(64) costCenter?: string | null;
}

const extensionAttribute = () => (target: object, key: string) => {
  IsOptional()(target, key);
  IsString()(target, key);
  MaxLength(1024)(target, key);
};

/** Graph's onPremisesExtensionAttributes: a PATCH changes only the attributes it names (null clears one). */
export class OnPremisesExtensionAttributesDto {
  @extensionAttribute() extensionAttribute1?: string | null;
  @extensionAttribute() extensionAttribute2?: string | null;
  @extensionAttribute() extensionAttribute3?: string | null;
  @extensionAttribute() extensionAttribute4?: string | null;
  @extensionAttribute() extensionAttribute5?: string | null;
  @extensionAttribute() extensionAttribute6?: string | null;
  @extensionAttribute() extensionAttribute7?: string | null;
  @extensionAttribute() extensionAttribute8?: string | null;
  @extensionAttribute() extensionAttribute9?: string | null;
  @extensionAttribute() extensionAttribute10?: string | null;
  @extensionAttribute() extensionAttribute11?: string | null;
  @extensionAttribute() extensionAttribute12?: string | null;
  @extensionAttribute() extensionAttribute13?: string | null;
  @extensionAttribute() extensionAttribute14?: string | null;
  @extensionAttribute() extensionAttribute15?: string | null;
}

/** POST /users: Graph requires accountEnabled, displayName, mailNickname, userPrincipalName, passwordProfile. */
export class CreateUserDto {
  @IsBoolean() accountEnabled: boolean;
  @IsString() @IsNotEmpty() @MaxLength(256) displayName: string;
  @IsString() @Matches(/^[\x21-\x7e]{1,64}$/, { message: 'Property mailNickname is invalid.' }) mailNickname: string;
  @IsString() @MaxLength(113) @Matches(UPN_PATTERN, { message: UPN_MESSAGE }) userPrincipalName: string;
  @IsObject({ message: "Invalid value specified for property 'passwordProfile' of resource 'User'." })
  @ValidateNested()
  @Type(() => PasswordProfileDto)
  passwordProfile: PasswordProfileDto;
  @IsOptional() @IsString() @MaxLength(64) givenName?: string | null;
  @IsOptional() @IsString() @MaxLength(64) surname?: string | null;
  @IsOptional() @IsString() @MaxLength(256) mail?: string | null;
  @IsOptional() @IsString() @MaxLength(128) jobTitle?: string | null;
  @IsOptional() @IsString() @MaxLength(64) department?: string | null;
  @IsOptional() @IsString() @MaxLength(16) employeeId?: string | null;
  @IsOptional() @IsString() @MaxLength(64) employeeType?: string | null;
  @IsOptional() @IsString() @MaxLength(64) companyName?: string | null;
  @IsOptional()
  @IsObject({ message: "Invalid value specified for property 'employeeOrgData' of resource 'User'." })
  @ValidateNested()
  @Type(() => EmployeeOrgDataDto)
  employeeOrgData?: EmployeeOrgDataDto | null;
  @IsOptional()
  @IsObject({ message: "Invalid value specified for property 'onPremisesExtensionAttributes' of resource 'User'." })
  @ValidateNested()
  @Type(() => OnPremisesExtensionAttributesDto)
  onPremisesExtensionAttributes?: OnPremisesExtensionAttributesDto | null;
  @IsOptional() @IsArray() @ArrayMaxSize(1) @IsString({ each: true }) @MaxLength(64, { each: true }) businessPhones?: string[];
  @IsOptional() @IsString() @MaxLength(64) mobilePhone?: string | null;
  @IsOptional() @IsString() @MaxLength(128) officeLocation?: string | null;
  @IsOptional() @IsString() @MaxLength(1024) streetAddress?: string | null;
  @IsOptional() @IsString() @MaxLength(128) city?: string | null;
  @IsOptional() @IsString() @MaxLength(128) state?: string | null;
  @IsOptional() @IsString() @MaxLength(40) postalCode?: string | null;
  @IsOptional() @IsString() @MaxLength(128) country?: string | null;
  @IsOptional() @IsString() @Matches(/^[a-z]{2,3}(-[A-Z]{2})?$/, { message: 'Property preferredLanguage is invalid.' }) preferredLanguage?:
    string | null;
  @IsOptional() @IsIn(['Member', 'Guest']) userType?: string;
}

/** PATCH /users/{id}: any writable property. */
export class UpdateUserDto extends PartialType(CreateUserDto) {}

/** Body of PUT …/manager/$ref and POST …/members/$ref. */
export class ReferenceDto {
  @IsString()
  @MaxLength(2048)
  '@odata.id': string;
}
