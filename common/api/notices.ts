/** Wire schemas of server/routes/notices.ts: the inbox of notices on the caller's own decisions. */
import { z } from 'zod';
import { ComplaintKindSchema, IdSchema, IsoDateTimeSchema } from '../domain';
import { QaNoticeSchema } from './qa';

/**
 * One notice in the caller's inbox: a supervisor's override of their decision, or the result of a
 * QA review of it. `byName` is a display name; `readAt` is when the caller saw it (any machine).
 */
export const NoticeViewSchema = QaNoticeSchema.extend({
  kind: ComplaintKindSchema,
  readAt: IsoDateTimeSchema.nullable().describe('When the addressee marked it read; null while unread'),
});
export type NoticeView = z.infer<typeof NoticeViewSchema>;

export const NOTICE_LIST_LIMIT = 200;
export const NoticeListSchema = z.object({
  notices: z.array(NoticeViewSchema).max(NOTICE_LIST_LIMIT).describe(`The newest ${NOTICE_LIST_LIMIT}, newest first`),
  unread: z.number().int().min(0).describe('Unread notices in all, including any beyond the list'),
});
export type NoticeList = z.infer<typeof NoticeListSchema>;

export const NoticesReadRequestSchema = z.object({
  ids: z.array(IdSchema).min(1).max(500).describe("Notices to mark read; ids that are not the caller's notices are ignored"),
});
export type NoticesReadRequest = z.infer<typeof NoticesReadRequestSchema>;
export const NoticesReadResponseSchema = z.object({ read: z.number().int().min(0).describe('How many of the ids were newly marked read') });
export type NoticesReadResponse = z.infer<typeof NoticesReadResponseSchema>;
