import { ConnectorError, internalConnectorError } from './connector-error';

describe('ConnectorError', () => {
  const init = {
    reaction: 'skip' as const,
    httpStatus: 400,
    errorCode: 'SystemForCrossDomainIdentityManagementBadRequest',
    errorCategory: 'nonServiceFailure',
    reason: 'The app said: "token s3cr3t-token is not valid here".',
    additionalDetails: 'Response content: {"echo":"Bearer s3cr3t-token"}',
    recommendedAction: 'Fix it.',
    scimType: 'invalidValue',
  };

  it('redacts the secret everywhere and keeps the rest', () => {
    const redacted = new ConnectorError(init).redact('s3cr3t-token');
    expect(redacted.reason).toBe('The app said: "token [REDACTED] is not valid here".');
    expect(redacted.message).toBe(redacted.reason);
    expect(redacted.additionalDetails).toBe('Response content: {"echo":"Bearer [REDACTED]"}');
    expect(redacted).toMatchObject({
      reaction: 'skip',
      httpStatus: 400,
      errorCode: init.errorCode,
      scimType: 'invalidValue',
      recommendedAction: 'Fix it.',
    });
    expect(JSON.stringify(redacted.toErrorInfo())).not.toContain('s3cr3t-token');
  });

  it.each([
    ['NonServiceFailure', 'nonServiceFailure'],
    ['Failure', 'failure'],
    ['nonServiceFailure', 'nonServiceFailure'],
  ])('writes the category %s as Graph does: %s', (given, expected) => {
    expect(new ConnectorError({ ...init, errorCategory: given }).errorCategory).toBe(expected);
  });

  it('is an Error with a name', () => {
    const error = internalConnectorError('closed');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConnectorError');
    expect(error.toErrorInfo()).toEqual({
      errorCode: 'InternalError',
      reason: 'closed',
      additionalDetails: null,
      errorCategory: 'failure',
      recommendedAction: expect.any(String),
    });
  });
});
