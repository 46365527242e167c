/** Wire pieces every area shares: the error envelope, client ids, and the health answer. */
import { z } from 'zod';

export const ERROR_CODES = [
  'invalid_body',
  'invalid_query',
  'invalid_json',
  'unsupported_media_type',
  'payload_too_large',
  'unauthorized',
  'invalid_credentials',
  'token_expired',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;
export const ErrorResponseSchema = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    field: z.string().optional().describe('Dotted path of the offending field for malformed input, e.g. mutations[2].caseId'),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

export const ClientIdSchema = z.string().min(1).max(128).describe('Client-generated id; pushing it again returns the stored result');

/** `GET /healthz` and `GET /readyz`; served beside the route table (see routes.ts). */
export const HealthResponseSchema = z.object({ status: z.enum(['ok', 'unavailable']), version: z.string(), engine: z.string().optional() });
