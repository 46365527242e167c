/**
 * Wire schemas of server/routes/demo.ts: the demo cases' evidence media. The generator's bundles
 * point at these files by backend-relative URI, so the app fetches them through its one media path
 * (main's media cache: the backend's own origin, sha256 checked) like any platform media host.
 */
import { z } from 'zod';

export const DemoMediaParamsSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z][0-9]-[0-9a-f]{8}\.[a-z0-9]{3,4}$/, 'a demo media name such as p3-0a1b2c3d.png')
    .describe('A file name the demo generator wrote into a bundle'),
});

/** The body is the file's bytes (`produces`); nothing JSON to describe. */
export const DemoMediaResponseSchema = z.unknown();
