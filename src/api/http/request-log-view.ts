import type { FastifyRequest } from 'fastify';

/** Query parameters that may carry a credential (the WebSocket's documented `access_token`, and mistakes). */
const CREDENTIAL_PARAM = /([?&](?:access_token|token|api_key|apikey|key)=)[^&#]*/gi;

/** The URL with any credential in its query string replaced by `[redacted]`. */
export const maskedUrl = (url: string): string => url.replace(CREDENTIAL_PARAM, '$1[redacted]');

/**
 * What the log records of a request (fastify's default fields), with credentials masked: a token
 * in a URL would otherwise be written to the log in clear.
 */
export function requestLogView(req: FastifyRequest): { method: string; url: string; hostname: string; remoteAddress: string; remotePort?: number } {
  const port = req.socket?.remotePort;
  return { method: req.method, url: maskedUrl(req.url), hostname: req.hostname, remoteAddress: req.ip, ...(port === undefined ? {} : { remotePort: port }) };
}
