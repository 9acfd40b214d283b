import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock, CLOCK } from '@app/platform';
import { parseAndEvaluate, type ParseExpressionResponse, testInputSource } from './parse-expression';

/** POST …/schema/parseExpression, on the simulated clock (Now(), DateAdd defaults). */
@Injectable()
export class ParseExpressionService {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  parse(body: { expression: string; testInputObject?: Record<string, unknown> | null }): ParseExpressionResponse {
    let source: Record<string, unknown> | null = null;
    if (body.testInputObject !== undefined && body.testInputObject !== null) source = testInputSource(body.testInputObject);
    return parseAndEvaluate(body.expression, source, { now: this.clock.now(), random: Math.random, newGuid: randomUUID });
  }
}
