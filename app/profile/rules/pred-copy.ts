// The per-group CLV predictions as PostgreSQL binary COPY (COPY … FROM STDIN WITH (FORMAT binary)):
// columns int4 x, tx, t_cal and float8 ey, pa, disc, e90. Binary skips formatting ~4M numbers as text in
// Node and parsing them again in PostgreSQL, and carries every double exactly.
const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]; // "PGCOPY\n\377\r\n\0"
const ROW_BYTES = 2 + 3 * (4 + 4) + 4 * (4 + 8);

export interface PredictionColumns {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
  ey: ArrayLike<number>;
  pa: ArrayLike<number>;
  disc: ArrayLike<number>;
  /** Expected purchases in the next 90 days. */
  e90: ArrayLike<number>;
}

/** The whole COPY stream in chunks of at most `rowsPerChunk` rows: header first, trailer last. */
export function* predictionCopyChunks(p: PredictionColumns, rowsPerChunk = 20_000): Generator<Buffer> {
  const header = Buffer.alloc(SIGNATURE.length + 8);
  header.set(SIGNATURE, 0); // flags and header-extension length stay 0
  yield header;
  const n = p.x.length;
  for (let start = 0; start < n; start += rowsPerChunk) {
    const end = Math.min(n, start + rowsPerChunk);
    const buf = Buffer.allocUnsafe((end - start) * ROW_BYTES);
    let o = 0;
    for (let i = start; i < end; i++) {
      o = buf.writeInt16BE(7, o);
      for (const v of [p.x[i], p.tx[i], p.T[i]]) o = buf.writeInt32BE(v, buf.writeInt32BE(4, o));
      for (const v of [p.ey[i], p.pa[i], p.disc[i], p.e90[i]]) o = buf.writeDoubleBE(v, buf.writeInt32BE(8, o));
    }
    yield buf;
  }
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1, 0);
  yield trailer;
}
