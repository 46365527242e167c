import { handlers, requireUser, type Deps } from './define';

/** Note snippets (services/snippets.ts): everyone reads them (pull delivers them too); supervisors and admins edit them. */
export function snippetHandlers(deps: Deps) {
  return handlers({
    snippets: async () => deps.snippets.list(),
    saveSnippet: async ({ body, user }) => deps.snippets.save(requireUser(user), body),
    deleteSnippet: async ({ body, user }) => deps.snippets.delete(requireUser(user), body.id),
  });
}
