import { BadRequestException, NotFoundException } from '@nestjs/common';
import { JobSettingError } from '../sync/api/escrow-threshold-settings';
import { ParseExpressionInputError } from '../sync/api/parse-expression';
import { ResetScopeError } from '../sync/api/reset-scope';
import { SchemaValidationError } from '../sync/api/schema-validation';
import { SecretsError } from '../sync/api/secrets';
import { GraphError, toGraphError } from './graph-error';
import { InputError } from './input-error';

describe('toGraphError: refused input becomes Graph errors in one place', () => {
  it.each<[string, unknown, { status: number; code: string; message: string }]>([
    ['a GraphError as it is', new GraphError(409, 'Conflict', 'busy'), { status: 409, code: 'Conflict', message: 'busy' }],
    ['an InputError', new InputError('bad input'), { status: 400, code: 'Request_BadRequest', message: 'bad input' }],
    [
      'a schema refused',
      new SchemaValidationError('synchronizationRules[0]', 'is missing'),
      { status: 400, code: 'Request_BadRequest', message: new SchemaValidationError('synchronizationRules[0]', 'is missing').message },
    ],
    [
      'secrets refused',
      new SecretsError('BaseAddress is not a URL'),
      { status: 400, code: 'Request_BadRequest', message: 'BaseAddress is not a URL' },
    ],
    ['a reset scope refused', new ResetScopeError('unknown scope'), { status: 400, code: 'Request_BadRequest', message: 'unknown scope' }],
    ['job settings refused', new JobSettingError('not an integer'), { status: 400, code: 'Request_BadRequest', message: 'not an integer' }],
    [
      'an expression test input refused',
      new ParseExpressionInputError('no properties'),
      { status: 400, code: 'Request_BadRequest', message: 'no properties' },
    ],
    [
      'a DTO property class-validator refused',
      new BadRequestException({ message: ['displayName must be a string'], error: 'Bad Request', statusCode: 400 }),
      { status: 400, code: 'Request_BadRequest', message: 'displayName must be a string' },
    ],
    [
      'an unknown property (forbidNonWhitelisted)',
      new BadRequestException({ message: ['property nickname should not exist'], error: 'Bad Request', statusCode: 400 }),
      { status: 400, code: 'Request_BadRequest', message: "Property 'nickname' does not exist on this resource type." },
    ],
    [
      'an unknown route',
      new NotFoundException('Cannot GET /v1.0/nothing'),
      { status: 404, code: 'NotFound', message: "Resource not found for the segment '/v1.0/nothing'." },
    ],
    [
      'anything else: a bare 500',
      new Error('db gone'),
      { status: 500, code: 'InternalServerError', message: 'An internal server error occurred.' },
    ],
  ])('%s', (_name, error, expected) => {
    const mapped = toGraphError(error);
    expect({ status: mapped.status, code: mapped.code, message: mapped.message }).toEqual(expected);
  });
});
