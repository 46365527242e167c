import { handlers, requireUser, type Deps } from './define';

/** Macros (services/macros.ts): each user reads the shared ones and their own; who may change which is the service's check. */
export function macroHandlers(deps: Deps) {
  return handlers({
    macros: async ({ user }) => deps.macros.list(requireUser(user)),
    saveMacro: async ({ body, user }) => deps.macros.save(requireUser(user), body),
    deleteMacro: async ({ body, user }) => deps.macros.delete(requireUser(user), body.id),
  });
}
