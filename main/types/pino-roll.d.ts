// pino-roll ships no types; this is the part of its documented API the app uses (README, "API").
declare module 'pino-roll' {
  import type SonicBoom from 'sonic-boom';
  type PinoRollOptions = {
    file: string | (() => string);
    size?: number | string;
    frequency?: number | string;
    extension?: string;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    sync?: boolean;
    symlink?: boolean;
    dateFormat?: string;
  };
  // The package's own shape (module.exports = build), not a choice of ours.
  // eslint-disable-next-line no-restricted-syntax
  export default function build(options: PinoRollOptions): Promise<SonicBoom>;
}
