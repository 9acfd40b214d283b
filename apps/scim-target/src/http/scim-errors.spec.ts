import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { ScimError } from '@app/scim';
import { toScimError } from './scim-errors';

describe('toScimError', () => {
  it.each([
    ['a ScimError as is', new ScimError(409, 'uniqueness', 'taken'), 409, 'uniqueness'],
    ['Fastify body too large', new HttpException('Request body is too large', 413), 413, 'tooLarge'],
    [
      'Fastify bad JSON',
      new HttpException("Body is not valid JSON but content-type is set to 'application/json'", 400),
      400,
      'invalidSyntax',
    ],
    [
      'Fastify empty JSON',
      new HttpException("Body cannot be empty when content-type is set to 'application/json'", 400),
      400,
      'invalidSyntax',
    ],
    ['unsupported media type', new HttpException('Unsupported Media Type', 415), 415, undefined],
    ['DTO validation', new BadRequestException(['name must be a string']), 400, 'invalidValue'],
    ['unknown route', new NotFoundException('Cannot GET /x'), 404, undefined],
    ['a programming error', new TypeError('x is undefined'), 500, undefined],
    ['a thrown string', 'boom', 500, undefined],
  ])('%s', (_name, error, status, scimType) => {
    const mapped = toScimError(error);
    expect(mapped.status).toBe(status);
    expect(mapped.scimType).toBe(scimType);
    expect(mapped.toJSON().schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  });

  it('never leaks internals of unexpected errors', () => {
    expect(toScimError(new Error('password=hunter2 at db.ts:12')).detail).toBe('Internal server error');
  });
});
