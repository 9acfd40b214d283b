import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest, InjectOptions, LightMyRequestResponse } from 'fastify';
import { BatchScope, batchScope } from '../http/batch-scope';
import { GraphError, graphErrorBody } from '../http/graph-error';
import { BatchStep, executionOrder, parseBatch } from './batch-request';

/** Response headers a sub-response reports, in Graph's spelling (the SDK reads `Content-Type` as written). */
const REPORTED_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'Content-Type',
  location: 'Location',
  'retry-after': 'Retry-After',
  etag: 'ETag',
  'www-authenticate': 'WWW-Authenticate',
};

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface BatchResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * `POST /v1.0/$batch` and `/beta/$batch`: Graph's JSON batching. Each sub-request runs through the same app with
 * Fastify's `inject` — the same input checks, route matching, authentication (with the batch's own Authorization
 * header) and error envelope as over the network — under the batch's version (`/users` → `/v1.0/users`), after
 * the ones it depends on (a failed dependency answers 424 without running). Where a sub-request may go is checked
 * twice: its URL must be relative and free of dot segments (batch-request.ts), and the matched route must be a
 * Graph route that is not public and not a batch (http/batch-scope.ts).
 */
@Controller(['v1.0', 'beta'])
export class BatchController {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  @Post('$batch')
  @HttpCode(200)
  async batch(@Req() request: FastifyRequest, @Body() body: unknown): Promise<{ responses: BatchResponse[] }> {
    const steps = parseBatch(body);
    const version = request.routeOptions.url === '/beta/$batch' ? 'beta' : 'v1.0';
    const origin = `${request.protocol}://${request.host}`;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const answers = new Map<string, BatchResponse>();
    for (const step of executionOrder(steps)) {
      const failed = step.dependsOn.find((d) => (answers.get(d)?.status ?? 0) >= 400);
      answers.set(
        step.id,
        failed !== undefined ? failedDependency(step, request) : await this.run(fastify, request, version, origin, step),
      );
    }
    return { responses: steps.map((s) => answers.get(s.id)!) };
  }

  private async run(
    fastify: FastifyInstance,
    batch: FastifyRequest,
    version: string,
    origin: string,
    step: BatchStep,
  ): Promise<BatchResponse> {
    const headers: Record<string, string> = { ...step.headers, host: batch.headers.host ?? 'localhost' };
    if (typeof batch.headers.authorization === 'string') headers.authorization = batch.headers.authorization;
    let payload: string | undefined;
    if (step.body !== undefined && WITH_BODY.has(step.method)) {
      const value = step.body.value;
      payload = typeof value === 'string' && !/json/i.test(headers['content-type'] ?? '') ? value : JSON.stringify(value);
    }
    let res: LightMyRequestResponse;
    try {
      res = await injectInScope(fastify, { origin }, { method: step.method, url: `/${version}${step.url}`, headers, payload });
    } catch (error) {
      // Only a defect gets here (inject answers every request, errors included): this step's answer, not the batch's.
      batch.log.error({ err: error }, 'a batch sub-request failed to run');
      const failure = new GraphError(500, 'InternalServerError', 'An internal server error occurred.');
      return { id: step.id, status: 500, headers: { 'Content-Type': 'application/json' }, body: graphErrorBody(failure, batch) };
    }
    return {
      id: step.id,
      status: res.statusCode,
      headers: reportedHeaders(res.headers),
      ...bodyOf(res.headers['content-type'], res.rawPayload),
    };
  }
}

/**
 * `inject` with a callback, so that the request starts inside the scope: the promise form defers the start to
 * the first `then`, which an `await` calls outside `batchScope.run`, and the guard would then not see the scope.
 */
function injectInScope(fastify: FastifyInstance, scope: BatchScope, options: InjectOptions): Promise<LightMyRequestResponse> {
  return batchScope.run(
    scope,
    () =>
      new Promise<LightMyRequestResponse>((resolve, reject) =>
        fastify.inject(options, (error, response) => (error || !response ? reject(error) : resolve(response))),
      ),
  );
}

function reportedHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const spelled = REPORTED_HEADERS[name.toLowerCase()];
    if (spelled && value !== undefined) out[spelled] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/** JSON as JSON, text as a string, anything else base64 (Graph's representation of a binary body). */
function bodyOf(contentType: unknown, raw: Buffer): { body?: unknown } {
  if (raw.length === 0) return {};
  const type = String(contentType ?? '').toLowerCase();
  if (type.includes('json')) {
    try {
      return { body: JSON.parse(raw.toString('utf8')) };
    } catch {
      return { body: raw.toString('utf8') };
    }
  }
  if (type.startsWith('text/')) return { body: raw.toString('utf8') };
  return { body: raw.toString('base64') };
}

function failedDependency(step: BatchStep, request: FastifyRequest): BatchResponse {
  const error = new GraphError(424, 'FailedDependency', 'The request was not run: a request it depends on failed.');
  return { id: step.id, status: 424, headers: { 'Content-Type': 'application/json' }, body: graphErrorBody(error, request) };
}
