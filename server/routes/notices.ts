import { listNotices, markNoticesRead } from '../services/notices';
import { handlers, requireUser, type Deps } from './define';

/** The inbox: overrides and QA results on the caller's own decisions, and their read state. */
export function noticeHandlers(deps: Deps) {
  return handlers({
    notices: async ({ user }) => listNotices(deps.db, requireUser(user).id),
    noticesRead: async ({ body, user }) => ({ read: await markNoticesRead(deps.db, requireUser(user).id, body.ids) }),
  });
}
