import { demoMediaFile } from '../demo/media';
import { ApiError } from '../services/errors';
import { handlers, type Deps } from './define';

/** Demo evidence files (server/demo/media.ts): regenerated from the name on each request, nothing stored. */
export function demoHandlers(_deps: Deps) {
  return handlers({
    demoMedia: async ({ params, reply }) => {
      const file = demoMediaFile(params.name);
      if (!file) throw new ApiError(404, 'not_found', `no demo media ${params.name}`, 'name');
      // Content-addressed by its name: the same name always draws the same bytes.
      return reply.code(200).type(file.mimeType).header('cache-control', 'private, max-age=31536000, immutable').header('x-content-type-options', 'nosniff').send(file.bytes);
    },
  });
}
