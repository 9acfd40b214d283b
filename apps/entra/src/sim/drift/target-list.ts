/**
 * provsim extension, not part of Entra: one page of the target's users or groups, `GET {Tenant URL}/Users?startIndex=
 * …&count=…` with the job's own Secret Token (read-only; the engine's connector only sends the requests a cycle sends).
 */
import { Agent, request } from 'undici';
import type { ScimResource } from '@app/provisioning-core';
import { secureContextTrusting } from '@app/platform';
import { GraphError } from '../../http/graph-error';
import { ConnectorError, parseTenantUrl, requestTarget, SCIM_ACCEPT, type ScimResourceType } from '../../sync/connector';
import { readListResponse } from '../../sync/connector/classify-response';
import type { TargetListing } from '../preview/preview-run';

/** The page's resources and the ListResponse's totalResults; 424 (Graph error) when the target cannot be listed. */
export async function listTarget(
  listing: TargetListing,
  type: ScimResourceType,
  startIndex: number,
  count: number,
): Promise<{ resources: ScimResource[]; total: number }> {
  const tenant = parseTenantUrl(listing.baseAddress);
  const params: [string, string][] = [
    ['startIndex', String(startIndex)],
    ['count', String(count)],
  ];
  if (type === 'Groups') params.push(['excludedAttributes', 'members']);
  const url = `${tenant.origin}${requestTarget(tenant, `/${type}`, params)}`;
  const https = tenant.origin.startsWith('https:') && listing.extraCa.length > 0;
  const dispatcher = https ? new Agent({ connect: { secureContext: secureContextTrusting(listing.extraCa) } }) : undefined;
  try {
    const res = await request(url, {
      method: 'GET',
      headers: { authorization: `Bearer ${listing.secretToken.trim()}`, accept: SCIM_ACCEPT },
      headersTimeout: listing.timeoutMs,
      bodyTimeout: listing.timeoutMs,
      ...(dispatcher ? { dispatcher } : {}),
    });
    const rawBody = await res.body.text();
    if (res.statusCode !== 200) throw unreadable(`GET ${url} answered ${res.statusCode}`);
    const json: unknown = JSON.parse(rawBody);
    const resources = readListResponse(json, { method: 'GET', url, target: 'collection' }, 200, rawBody);
    const total = (json as { totalResults?: unknown }).totalResults;
    return { resources, total: typeof total === 'number' ? total : resources.length };
  } catch (error) {
    if (error instanceof GraphError) throw error;
    throw unreadable(
      error instanceof ConnectorError ? error.reason : `GET ${url} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    await dispatcher?.close();
  }
}

function unreadable(why: string): GraphError {
  return new GraphError(424, 'FailedDependency', `The SCIM app's objects could not be listed: ${why}`);
}
