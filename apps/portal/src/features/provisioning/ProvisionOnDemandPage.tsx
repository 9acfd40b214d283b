import {
  Button,
  Caption1,
  Checkbox,
  Dropdown,
  Field,
  Option,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { PlayRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useGroupsPage, useUserSearch, type Group, type User } from '../../api/directory';
import {
  onDemandBody,
  ruleFor,
  useDirectoryObject,
  useJobRules,
  useMembersOf,
  useProvisionOnDemand,
  useSyncJobs,
  type OnDemandSubject,
} from '../../api/logs';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';
import { SearchPicker } from '../../shell/SearchPicker';
import { ProvisionOnDemandSteps } from './ProvisionOnDemandSteps';

export const handle: RouteHandle = { crumb: 'Provision on demand' };

/** Entra provisions one group with at most five of its members on demand. */
export const MAX_MEMBERS = 5;

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    maxWidth: '640px',
    marginTop: tokens.spacingVerticalM,
  },
  members: { display: 'flex', flexDirection: 'column' },
});

/**
 * Provision on demand (reference §1.7): pick a user, or a group and up to five of its members, and provision it now
 * through the app's job (`POST …/jobs/{jobId}/provisionOnDemand`). The choice is in the URL (`type`, `user`,
 * `group`, `members`, `job`); the result shows Entra's steps and the SCIM requests it caused.
 */
export function Component() {
  const styles = useStyles();
  const { servicePrincipalId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const type = params.get('type') === 'group' ? 'group' : 'user';
  const userId = params.get('user') ?? '';
  const groupId = params.get('group') ?? '';
  const memberIds = (params.get('members') ?? '').split(',').filter(Boolean);
  const jobs = useSyncJobs(servicePrincipalId);
  const jobId = params.get('job') ?? jobs.data?.[0]?.id;
  const rules = useJobRules(servicePrincipalId, jobId);
  const rule = rules.data ? ruleFor(rules.data, type === 'group' ? 'Group' : 'User') : undefined;
  const run = useProvisionOnDemand(servicePrincipalId, jobId);

  const user = useDirectoryObject<User>('users', userId);
  const group = useDirectoryObject<Group>('groups', groupId);
  const members = useMembersOf(groupId);
  const [userQuery, setUserQuery] = useState('');
  const [groupQuery, setGroupQuery] = useState('');
  // The list opens as one types (the matches arrive after the search request).
  const users = useUserSearch(userQuery === user.data?.displayName ? '' : userQuery);
  const groups = useGroupsPage(groupQuery === group.data?.displayName ? '' : groupQuery);
  useEffect(() => {
    if (user.data && userId) setUserQuery(user.data.displayName);
  }, [user.data, userId]);
  useEffect(() => {
    if (group.data && groupId) setGroupQuery(group.data.displayName);
  }, [group.data, groupId]);

  const { reset } = run;
  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
    reset();
  };
  const userMembers = (members.data ?? []).filter((m) => !m['@odata.type'] || m['@odata.type'] === '#microsoft.graph.user');
  const toggleMember = (id: string, checked: boolean) => {
    const next = checked ? [...memberIds, id] : memberIds.filter((m) => m !== id);
    update({ members: next.join(',') || undefined });
  };

  const subject: OnDemandSubject | undefined =
    type === 'user'
      ? userId
        ? { objectId: userId, objectTypeName: 'User' }
        : undefined
      : groupId
        ? {
            objectId: groupId,
            objectTypeName: 'Group',
            links: {
              members: memberIds.map((objectId) => ({
                objectId,
                objectTypeName: 'User' as const,
              })),
            },
          }
        : undefined;

  return (
    <>
      <Title2 as="h1">Provision on demand</Title2>
      <Text>Provision a user, or a group and up to {MAX_MEMBERS} of its members, now, without waiting for the next cycle.</Text>
      <ApiMessage error={jobs.error ?? rules.error} />
      {jobs.data && jobs.data.length === 0 && <Text>This application has no provisioning job: set up provisioning first.</Text>}
      <div className={styles.form}>
        {jobs.data && jobs.data.length > 1 && (
          <Field label="Job">
            <Dropdown
              value={jobId ?? ''}
              selectedOptions={jobId ? [jobId] : []}
              onOptionSelect={(_, data) => update({ job: data.optionValue })}
            >
              {jobs.data.map((job) => (
                <Option key={job.id} value={job.id}>
                  {job.id}
                </Option>
              ))}
            </Dropdown>
          </Field>
        )}
        <Field label="Provision">
          <RadioGroup
            layout="horizontal"
            value={type}
            onChange={(_, data) =>
              update({
                type: data.value === 'group' ? 'group' : undefined,
                user: undefined,
                group: undefined,
                members: undefined,
              })
            }
          >
            <Radio value="user" label="A user" />
            <Radio value="group" label="A group and its members" />
          </RadioGroup>
        </Field>
        {type === 'user' ? (
          <Field label="Select a user" hint="Search by display name or user principal name.">
            <SearchPicker
              placeholder="Search users"
              value={userQuery}
              onTextChange={setUserQuery}
              options={(users.data ?? []).map((u) => ({
                id: u.id,
                text: u.displayName,
                label: `${u.displayName} (${u.userPrincipalName})`,
              }))}
              selectedId={userId || null}
              onSelect={(option) => {
                setUserQuery(option.text);
                update({ user: option.id });
              }}
            />
          </Field>
        ) : (
          <>
            <Field label="Select a group" hint="Search by display name.">
              <SearchPicker
                placeholder="Search groups"
                value={groupQuery}
                onTextChange={setGroupQuery}
                options={(groups.data?.value ?? []).map((g) => ({ id: g.id, text: g.displayName, label: g.displayName }))}
                selectedId={groupId || null}
                onSelect={(option) => {
                  setGroupQuery(option.text);
                  update({ group: option.id, members: undefined });
                }}
              />
            </Field>
            {groupId && (
              <div className={styles.members} role="group" aria-labelledby="pod-members">
                <Text id="pod-members" weight="semibold">
                  Members to provision with the group (up to {MAX_MEMBERS})
                </Text>
                {members.isPending && <Spinner size="tiny" label="Loading members" />}
                {userMembers.map((m) => (
                  <Checkbox
                    key={m.id}
                    label={m.displayName ?? m.userPrincipalName ?? m.id}
                    checked={memberIds.includes(m.id)}
                    disabled={!memberIds.includes(m.id) && memberIds.length >= MAX_MEMBERS}
                    onChange={(_, data) => toggleMember(m.id, Boolean(data.checked))}
                  />
                ))}
                {members.data && userMembers.length === 0 && <Caption1>This group has no user members.</Caption1>}
              </div>
            )}
          </>
        )}
        <div>
          <Button
            appearance="primary"
            icon={<PlayRegular />}
            disabled={!subject || !rule || run.isPending}
            onClick={() => subject && rule && run.mutate(onDemandBody(rule.id, subject))}
          >
            Provision
          </Button>
          {run.isPending && <Spinner size="tiny" label="Provisioning…" />}
        </div>
      </div>
      <ApiMessage error={run.error} title="Provision on demand failed" />
      {run.data && <ProvisionOnDemandSteps outcome={run.data} servicePrincipalId={servicePrincipalId} />}
    </>
  );
}
