import type { ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values<O extends Options> = {
  [K in keyof O]: O[K] extends { type: 'boolean' }
    ? O[K] extends { multiple: true }
      ? boolean[]
      : O[K] extends { default: boolean }
        ? boolean
        : boolean | undefined
    : O[K] extends { multiple: true }
      ? string[]
      : O[K] extends { default: string }
        ? string
        : string | undefined;
};

export declare const USAGE_EXIT: 2;

export declare function parseCli<const O extends Options = Record<never, never>>(spec: {
  name: string;
  usage: string;
  options?: O;
  allowPositionals?: boolean;
  args?: readonly string[];
}): { values: Values<O> & { help: boolean }; positionals: string[] };

export declare function usageError(name: string, usage: string, message: string): never;

export type Progress = {
  tick(n?: number): void;
  update(count: number, total?: number): void;
  done(): void;
};

export declare function createProgress(options: {
  label: string;
  total?: number;
  unit?: string;
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  everyMs?: number;
  tty?: boolean;
}): Progress;
