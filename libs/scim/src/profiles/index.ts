import { ScimError } from '../errors';
import { generic } from './generic';
import { kintone } from './kintone';
import type { Profile } from './profile';

export { defineProfile, type Profile, type ProfileDefinition } from './profile';
export { coreUserSchema, enterpriseUserSchema, groupResourceType, groupSchema, userResourceType } from './standard';

/**
 * Every SCIM target profile, one file each in this folder, in the order help texts list them. Adding a profile: its
 * file and one line here (docs/extending.md); the profile's name is then accepted everywhere a profile is chosen.
 */
export const PROFILES = [kintone, generic] as const;

export type ProfileName = (typeof PROFILES)[number]['name'];
export const PROFILE_NAMES: readonly ProfileName[] = PROFILES.map((p) => p.name);
/** The profile of SCIM_TARGET_PROFILE and of the loop when none is given. */
export const DEFAULT_PROFILE: ProfileName = 'kintone';

const BY_NAME: ReadonlyMap<string, Profile<ProfileName>> = new Map(PROFILES.map((p) => [p.name, p]));

export function isProfileName(name: string): name is ProfileName {
  return BY_NAME.has(name);
}

/** Throws ScimError(400, 'invalidValue') for unknown names. Names are case-insensitive. */
export function getProfile(name: string): Profile<ProfileName> {
  const profile = BY_NAME.get(name.toLowerCase());
  if (!profile) throw new ScimError(400, 'invalidValue', `Unknown profile '${name}'; expected one of: ${PROFILE_NAMES.join(', ')}`);
  return profile;
}
