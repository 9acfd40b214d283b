import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Public } from '@app/platform';
import { AccessToken, OAuthError, TokenService } from './token.service';

/** The identity platform's token endpoint (client credentials only), unauthenticated like the real one. */
@Controller(':tenant/oauth2/v2.0')
export class TokenController {
  constructor(private readonly tokens: TokenService) {}

  @Post('token')
  @Public()
  @HttpCode(200)
  token(@Param('tenant') tenant: string, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): AccessToken | object {
    try {
      return this.tokens.issue(tenant, typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {});
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      reply.code(error.status);
      const traceId = randomUUID();
      return {
        error: error.error,
        error_description: `${error.message}\r\nTrace ID: ${traceId}\r\nTimestamp: ${new Date().toISOString()}`,
        error_codes: [error.aadsts],
        timestamp: new Date()
          .toISOString()
          .replace('T', ' ')
          .replace(/\.\d+Z$/, 'Z'),
        trace_id: traceId,
        correlation_id: randomUUID(),
      };
    }
  }
}
