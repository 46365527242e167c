/** Wire schemas of server/routes/auth.ts: sign-in, token rotation, users. */
import { z } from 'zod';

export const ROLES = ['arbitrator', 'supervisor', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const UserViewSchema = z.object({ id: z.string(), username: z.string(), displayName: z.string(), role: RoleSchema });
export type UserView = z.infer<typeof UserViewSchema>;

export const LoginRequestSchema = z.object({
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const RefreshRequestSchema = z.object({ refreshToken: z.string().min(10).max(512) });
export type RefreshRequest = z.infer<typeof RefreshRequestSchema>;

export const TokenResponseSchema = z.object({
  tokenType: z.literal('Bearer'),
  accessToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
  refreshToken: z.string(),
  refreshExpiresIn: z.number().int(),
  user: UserViewSchema,
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

export const CreateUserRequestSchema = z.object({
  username: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
  displayName: z.string().min(1).max(128),
  role: RoleSchema,
  password: z.string().min(8).max(1024),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;
export const PasswordResetRequestSchema = z.object({ password: z.string().min(8).max(1024) });
export const OkResponseSchema = z.object({ ok: z.literal(true) });
export const UserIdParamsSchema = z.object({ userId: z.string().min(1).max(128) });

/** The audit chain's head, signed with the server's audit key: keep it outside the database, verify against it later. */
export const AuditCheckpointSchema = z.object({
  format: z.literal('gavel-audit-checkpoint/1'),
  pos: z.number().int().min(0).describe('Chain position of the head when the checkpoint was taken'),
  hash: z.string().describe('Hash of the row at that position'),
  at: z.string().describe('When it was taken (ISO-8601)'),
  mac: z.string().describe('HMAC-SHA256 over the other fields with the audit key'),
});
export type AuditCheckpoint = z.infer<typeof AuditCheckpointSchema>;
