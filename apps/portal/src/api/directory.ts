import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type GraphPage } from './client';

/** The directory as Graph shapes it (the properties the portal shows; docs/graph-api.md has them all). */
export interface User {
  id: string;
  displayName: string;
  userPrincipalName: string;
  accountEnabled?: boolean;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  mailNickname?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  userType?: string | null;
  deletedDateTime?: string | null;
}

export interface Group {
  id: string;
  displayName: string;
  description?: string | null;
  mailNickname?: string | null;
  mailEnabled?: boolean;
  securityEnabled?: boolean;
  groupTypes?: string[];
}

export interface DirectoryObject {
  id: string;
  '@odata.type'?: string;
  displayName?: string;
  userPrincipalName?: string;
}

export interface Organization {
  id: string;
  displayName: string;
  tenantType?: string;
  verifiedDomains?: { name: string; isDefault?: boolean; isInitial?: boolean }[];
}

export interface SimClock {
  now: string;
  /** real, manual or accelerated:<factor> */
  mode: string;
}

/** The editable properties of a user (the user page's form). */
export type UserEdit = Partial<Pick<User, 'displayName' | 'givenName' | 'surname' | 'jobTitle' | 'department' | 'mail' | 'accountEnabled'>>;

export const PAGE_SIZE = 25;
/** Graph's advanced queries ($search, $count) need this header. */
const EVENTUAL = { ConsistencyLevel: 'eventual' };
const USER_COLUMNS = 'id,displayName,userPrincipalName,accountEnabled,department,jobTitle';
const USER_DETAILS = 'id,displayName,givenName,surname,userPrincipalName,mail,mailNickname,jobTitle,department,accountEnabled,userType';

/** A $search term: Graph's syntax quotes it, so quotes and backslashes are dropped from what a person typed. */
function searchTerm(text: string): string {
  return text.replace(/["\\]/g, '').trim();
}

/**
 * The request behind a page of the users list: name or UPN search (word prefixes of displayName, start of the UPN),
 * sorted by name, counted, `PAGE_SIZE` a page; `skiptoken` from the previous page's @odata.nextLink.
 */
export function usersListPath({ search = '', skiptoken }: { search?: string; skiptoken?: string }): string {
  const params = new URLSearchParams({ $select: USER_COLUMNS, $top: String(PAGE_SIZE), $count: 'true' });
  const term = searchTerm(search);
  if (term) params.set('$search', `"displayName:${term}" OR "userPrincipalName:${term}"`);
  else params.set('$orderby', 'displayName');
  if (skiptoken) params.set('$skiptoken', skiptoken);
  return `/v1.0/users?${params}`;
}

export function groupsListPath({ search = '', skiptoken }: { search?: string; skiptoken?: string }): string {
  const params = new URLSearchParams({
    $select: 'id,displayName,description,mailNickname,securityEnabled,mailEnabled',
    $top: String(PAGE_SIZE),
    $count: 'true',
  });
  const term = searchTerm(search);
  if (term) params.set('$search', `"displayName:${term}"`);
  else params.set('$orderby', 'displayName');
  if (skiptoken) params.set('$skiptoken', skiptoken);
  return `/v1.0/groups?${params}`;
}

/** The `$skiptoken` of an @odata.nextLink (what the list keeps in the page's URL to come back to that page). */
export function skiptokenOf(nextLink: string | undefined): string | undefined {
  if (!nextLink) return undefined;
  return new URL(nextLink, 'http://x').searchParams.get('$skiptoken') ?? undefined;
}

/**
 * Only the properties that changed, as Graph's PATCH takes them (an emptied text becomes null, which clears it);
 * undefined when nothing changed.
 */
export function changedProperties(before: UserEdit, after: UserEdit): UserEdit | undefined {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof UserEdit)[]) {
    const value = typeof after[key] === 'string' && (after[key] as string).trim() === '' ? null : after[key];
    const old = before[key] ?? null;
    if (value !== old && !(key === 'displayName' && value === null)) patch[key] = value;
  }
  return Object.keys(patch).length > 0 ? (patch as UserEdit) : undefined;
}

export const directoryKeys = {
  all: ['directory'] as const,
  organization: ['directory', 'organization'] as const,
  counts: ['directory', 'counts'] as const,
  users: (search: string, skiptoken?: string) => ['directory', 'users', search, skiptoken ?? null] as const,
  user: (id: string) => ['directory', 'user', id] as const,
  manager: (id: string) => ['directory', 'user', id, 'manager'] as const,
  deletedUsers: ['directory', 'deletedUsers'] as const,
  groups: (search: string, skiptoken?: string) => ['directory', 'groups', search, skiptoken ?? null] as const,
  group: (id: string) => ['directory', 'group', id] as const,
  members: (id: string) => ['directory', 'group', id, 'members'] as const,
  clock: ['sim', 'clock'] as const,
};

export function useOrganization() {
  return useQuery({
    queryKey: directoryKeys.organization,
    queryFn: ({ signal }) => api<GraphPage<Organization>>('/v1.0/organization', { signal }).then((page) => page.value[0]),
    staleTime: 60_000,
  });
}

/** How many objects a collection holds (`$count=true` on a one-item page). */
function count(path: string, signal: AbortSignal): Promise<number> {
  return api<GraphPage<unknown>>(`${path}?$count=true&$top=1&$select=id`, { headers: EVENTUAL, signal }).then(
    (page) => page['@odata.count'] ?? page.value.length,
  );
}

export function useDirectoryCounts() {
  return useQuery({
    queryKey: directoryKeys.counts,
    queryFn: async ({ signal }) => {
      const [users, groups, apps] = await Promise.all([
        count('/v1.0/users', signal),
        count('/v1.0/groups', signal),
        count('/v1.0/servicePrincipals', signal),
      ]);
      return { users, groups, apps };
    },
  });
}

/** One page of Users: what the page asks for, and what its route prefetches while the page's code loads. */
export function usersPageQuery(search: string, skiptoken?: string) {
  return queryOptions({
    queryKey: directoryKeys.users(search, skiptoken),
    queryFn: ({ signal }) => api<GraphPage<User>>(usersListPath({ search, skiptoken }), { headers: EVENTUAL, signal }),
  });
}

export function useUsersPage(search: string, skiptoken?: string) {
  return useQuery({ ...usersPageQuery(search, skiptoken), placeholderData: keepPreviousData });
}

/** Users whose name or UPN starts with `search` (pickers: manager, members). */
export function useUserSearch(search: string) {
  return useQuery({
    queryKey: ['directory', 'userSearch', search],
    queryFn: ({ signal }) => api<GraphPage<User>>(usersListPath({ search }), { headers: EVENTUAL, signal }).then((page) => page.value),
    enabled: searchTerm(search).length > 0,
  });
}

export function useUser(id: string) {
  return useQuery({
    queryKey: directoryKeys.user(id),
    queryFn: ({ signal }) => api<User>(`/v1.0/users/${encodeURIComponent(id)}?$select=${USER_DETAILS}`, { signal }),
  });
}

/** The user's manager, or null when there is none (Graph answers 404 then). */
export function useManager(id: string) {
  return useQuery({
    queryKey: directoryKeys.manager(id),
    queryFn: async ({ signal }) => {
      try {
        return await api<DirectoryObject>(`/v1.0/users/${encodeURIComponent(id)}/manager`, { signal });
      } catch (error) {
        if ((error as { status?: number }).status === 404) return null;
        throw error;
      }
    },
  });
}

export function useDeletedUsers() {
  return useQuery({
    queryKey: directoryKeys.deletedUsers,
    queryFn: ({ signal }) => api<GraphPage<User>>('/v1.0/directory/deletedItems/microsoft.graph.user?$top=100', { signal }),
  });
}

export function useGroupsPage(search: string, skiptoken?: string) {
  return useQuery({
    queryKey: directoryKeys.groups(search, skiptoken),
    queryFn: ({ signal }) => api<GraphPage<Group>>(groupsListPath({ search, skiptoken }), { headers: EVENTUAL, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useGroup(id: string) {
  return useQuery({
    queryKey: directoryKeys.group(id),
    queryFn: ({ signal }) => api<Group>(`/v1.0/groups/${encodeURIComponent(id)}`, { signal }),
  });
}

export function useGroupMembers(id: string) {
  return useQuery({
    queryKey: directoryKeys.members(id),
    queryFn: ({ signal }) =>
      api<GraphPage<DirectoryObject>>(`/v1.0/groups/${encodeURIComponent(id)}/members?$top=999`, { signal }).then((page) => page.value),
  });
}

/** After any write to the directory: every directory view refetches (lists, counts, the object's page). */
function useDirectoryMutation<TInput, TResult>(run: (input: TInput) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: () => client.invalidateQueries({ queryKey: directoryKeys.all }) });
}

export interface NewUser {
  displayName: string;
  userPrincipalName: string;
  mailNickname: string;
  password: string;
  accountEnabled: boolean;
  department?: string;
  jobTitle?: string;
}

export function useCreateUser() {
  return useDirectoryMutation(({ password, department, jobTitle, ...user }: NewUser) =>
    api<User>('/v1.0/users', {
      method: 'POST',
      body: {
        ...user,
        ...(department ? { department } : {}),
        ...(jobTitle ? { jobTitle } : {}),
        passwordProfile: { forceChangePasswordNextSignIn: true, password },
      },
    }),
  );
}

export function useUpdateUser(id: string) {
  return useDirectoryMutation((patch: UserEdit) => api<null>(`/v1.0/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch }));
}

/** Sets (PUT manager/$ref) or removes (DELETE) the manager. */
export function useSetManager(id: string) {
  return useDirectoryMutation((managerId: string | null) =>
    managerId
      ? api<null>(`/v1.0/users/${encodeURIComponent(id)}/manager/$ref`, {
          method: 'PUT',
          body: { '@odata.id': `https://graph.microsoft.com/v1.0/users/${managerId}` },
        })
      : api<null>(`/v1.0/users/${encodeURIComponent(id)}/manager/$ref`, { method: 'DELETE' }),
  );
}

export function useDeleteUser() {
  return useDirectoryMutation((id: string) => api<null>(`/v1.0/users/${encodeURIComponent(id)}`, { method: 'DELETE' }));
}

export function useRestoreDeleted() {
  return useDirectoryMutation((id: string) =>
    api<unknown>(`/v1.0/directory/deletedItems/${encodeURIComponent(id)}/restore`, { method: 'POST', body: {} }),
  );
}

export function usePurgeDeleted() {
  return useDirectoryMutation((id: string) => api<null>(`/v1.0/directory/deletedItems/${encodeURIComponent(id)}`, { method: 'DELETE' }));
}

export interface NewGroup {
  displayName: string;
  description?: string;
  mailNickname: string;
}

export function useCreateGroup() {
  return useDirectoryMutation(({ description, ...group }: NewGroup) =>
    api<Group>('/v1.0/groups', {
      method: 'POST',
      body: { ...group, ...(description ? { description } : {}), mailEnabled: false, securityEnabled: true },
    }),
  );
}

export function useDeleteGroup() {
  return useDirectoryMutation((id: string) => api<null>(`/v1.0/groups/${encodeURIComponent(id)}`, { method: 'DELETE' }));
}

export function useAddMember(groupId: string) {
  return useDirectoryMutation((memberId: string) =>
    api<null>(`/v1.0/groups/${encodeURIComponent(groupId)}/members/$ref`, {
      method: 'POST',
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${memberId}` },
    }),
  );
}

export function useRemoveMember(groupId: string) {
  return useDirectoryMutation((memberId: string) =>
    api<null>(`/v1.0/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(memberId)}/$ref`, { method: 'DELETE' }),
  );
}

/** The simulated clock, refreshed every second while shown (an accelerated clock moves visibly). */
export function useSimClock() {
  return useQuery({
    queryKey: directoryKeys.clock,
    queryFn: ({ signal }) => api<SimClock>('/sim/clock', { signal }),
    refetchInterval: 1_000,
    staleTime: 0,
  });
}

/** Advances the clock (cycles that became due run before it answers), then every view refetches. */
export function useAdvanceClock() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ms: number) => api<SimClock>('/sim/clock/advance', { method: 'POST', body: { ms } }),
    onSuccess: (clock) => {
      client.setQueryData(directoryKeys.clock, clock);
      return client.invalidateQueries();
    },
  });
}

export function useSetAcceleration() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (acceleration: number) => api<SimClock>('/sim/clock', { method: 'PATCH', body: { acceleration } }),
    onSuccess: (clock) => client.setQueryData(directoryKeys.clock, clock),
  });
}
