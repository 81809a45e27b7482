// A growing byte buffer of COPY text lines. The bulk path writes each row's line straight into
// it (no row objects, no per-batch string of megabytes), and hands the bytes to COPY as is.

export class CopyBuffer {
  rows = 0;
  private buffer: Buffer;
  private used = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  /** Appends one row: `line` is the encoded row without its trailing newline. */
  line(line: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit, plus the newline.
    const worst = line.length * 3 + 1;
    if (this.used + worst > this.buffer.length) this.grow(this.used + worst);
    this.used += this.buffer.write(line, this.used, "utf8");
    this.buffer[this.used++] = 0x0a;
    this.rows++;
  }

  get bytes(): number {
    return this.used;
  }

  /** The rows written so far (a view on the buffer: do not append afterwards). */
  contents(): Buffer {
    return this.buffer.subarray(0, this.used);
  }

  private grow(needed: number): void {
    const next = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(next, 0, 0, this.used);
    this.buffer = next;
  }
}
