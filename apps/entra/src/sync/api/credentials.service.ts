import { Inject, Injectable } from '@nestjs/common';
import { findObjectMapping, matchingAttributes, type SynchronizationSchema } from '@app/provisioning-core';
import { GraphError } from '../../http/graph-error';
import { ConnectorError, SCIM_TRUSTED_CA, type ScimTrustedCa, validateScimCredentials } from '../connector';
import { baseAddressProblem, type SecretPair, secretSettings, SecretsError, validateSecrets } from './secrets';
import type { SyncJobRow } from './sync-job.model';
import { SyncJobsService } from './sync-jobs.service';

/** What validateCredentials tests: the Tenant URL and the Secret Token. */
export interface CredentialsToTest {
  baseAddress: string;
  secretToken: string;
}

/**
 * The credentials to test: the saved ones when `useSavedCredentials`, overridden key by key by `credentials`
 * (provsim's choice when both are given). Throws SecretsError when BaseAddress or SecretToken is missing or bad.
 */
export function credentialsToTest(saved: readonly SecretPair[], useSaved: boolean, given: readonly unknown[]): CredentialsToTest {
  if (!useSaved && given.length === 0) throw new SecretsError('Provide credentials, or set useSavedCredentials to true.');
  const checked = validateSecrets(given, saved);
  const merged = new Map<string, string>(useSaved ? saved.map((p) => [p.key, p.value]) : []);
  for (const p of checked) merged.set(p.key, p.value);
  const settings = secretSettings([...merged].map(([key, value]) => ({ key, value })));
  if (settings.baseAddress === null)
    throw new SecretsError(
      useSaved && given.length === 0
        ? 'No BaseAddress (Tenant URL) is saved for this application.'
        : 'BaseAddress (Tenant URL) is required.',
    );
  const problem = baseAddressProblem(settings.baseAddress);
  if (problem) throw new SecretsError(problem);
  if (settings.secretToken === null)
    throw new SecretsError(useSaved && given.length === 0 ? 'No SecretToken is saved for this application.' : 'SecretToken is required.');
  return { baseAddress: settings.baseAddress, secretToken: settings.secretToken };
}

const MIN_SCRUBBED_TOKEN_LENGTH = 6;

/** The 400 a failed test connection answers: what went wrong, in the admin's words, never with the token. */
export function credentialFailure(error: ConnectorError, tested: CredentialsToTest): GraphError {
  const where = tested.baseAddress;
  const status = error.httpStatus;
  let hint: string;
  if (status === 401 || status === 403)
    hint = `You appear to have entered invalid credentials: ${where} answered HTTP ${status}. Check the Secret Token.`;
  else if (status === null) hint = `Could not connect to ${where}.`;
  else hint = `${where} did not answer like a SCIM 2.0 endpoint (HTTP ${status}).`;
  const text = `${hint} ${error.reason} (error code ${error.errorCode})`;
  // The connector keeps tokens out of its reasons; this is a second guard for tokens long enough to be recognised.
  return new GraphError(
    400,
    'BadRequest',
    tested.secretToken.length >= MIN_SCRUBBED_TOKEN_LENGTH ? text.split(tested.secretToken).join('***') : text,
  );
}

/** The target attribute Test Connection filters on: the user mapping's first matching attribute (userName). */
export function userMatchingAttribute(schema: SynchronizationSchema): string | undefined {
  const mapping = findObjectMapping(schema, 'User');
  return mapping ? matchingAttributes(mapping)[0]?.targetAttributeName : undefined;
}

/** POST …/jobs/{jobId}/validateCredentials through the SCIM connector (204 when the app answers like a SCIM app). */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly jobs: SyncJobsService,
    @Inject(SCIM_TRUSTED_CA) private readonly extraCa: ScimTrustedCa,
  ) {}

  async validate(job: SyncJobRow, body: { useSavedCredentials?: boolean; credentials?: unknown[] }): Promise<void> {
    const spId = job.servicePrincipalId;
    const tested: CredentialsToTest = credentialsToTest(
      await this.jobs.storedSecretsOf(spId),
      body.useSavedCredentials === true,
      body.credentials ?? [],
    );
    try {
      await validateScimCredentials(tested, {
        matchingAttribute: userMatchingAttribute(this.jobs.effectiveSchema(job)),
        extraCa: this.extraCa,
      });
    } catch (error) {
      if (error instanceof ConnectorError) throw credentialFailure(error, tested);
      throw error;
    }
  }
}
