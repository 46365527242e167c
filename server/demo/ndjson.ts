import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Batches lines into ~256 KiB chunks and honours backpressure, so a 100k-case run keeps a bounded
 * heap however fast the generator is compared with the disk.
 */
export class NdjsonWriter {
  private buf: string[] = [];
  private size = 0;
  constructor(
    private readonly out: Writable,
    private readonly chunk = 256 * 1024,
  ) {}

  async write(value: unknown): Promise<void> {
    const line = `${JSON.stringify(value)}\n`;
    this.buf.push(line);
    this.size += line.length;
    if (this.size >= this.chunk) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    const data = this.buf.join('');
    this.buf = [];
    this.size = 0;
    if (!this.out.write(data)) await once(this.out, 'drain');
  }

  async end(): Promise<void> {
    await this.flush();
    const done = once(this.out, 'finish');
    this.out.end();
    await done;
  }
}
