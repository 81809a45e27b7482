// A lean HTTP/1.1 load sender for benchmarks: requests are rendered to bytes beforehand and
// written to keep-alive sockets, responses are read just far enough to get the status and skip the
// body. Node's http client costs ~0.3 ms of CPU per request, which on a 2-core machine is taken
// from the server being measured; this costs a small fraction of that.
import net from "node:net";

export interface RawResponse {
  status: number;
}

interface Pending {
  resolve: (response: RawResponse) => void;
}

class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Pending | null = null;
  private skip = 0;
  readonly socket: net.Socket;
  closed = false;

  constructor(host: string, port: number, onIdle: (c: Connection) => void) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on("data", (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.parse(onIdle);
    });
    const fail = () => {
      this.closed = true;
      const p = this.pending;
      this.pending = null;
      p?.resolve({ status: 0 });
    };
    this.socket.on("error", fail);
    this.socket.on("close", fail);
  }

  send(request: Buffer): Promise<RawResponse> {
    return new Promise((resolve) => {
      this.pending = { resolve };
      this.socket.write(request);
    });
  }

  private parse(onIdle: (c: Connection) => void): void {
    for (;;) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, this.buffer.length);
        this.buffer = this.buffer.subarray(n);
        this.skip -= n;
        if (this.skip > 0) return;
      }
      const end = this.buffer.indexOf("\r\n\r\n");
      if (end < 0 || !this.pending) return;
      const head = this.buffer.subarray(0, end).toString("latin1");
      this.buffer = this.buffer.subarray(end + 4);
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      this.skip = length ? Number(length[1]) : 0;
      const p = this.pending;
      this.pending = null;
      p.resolve({ status: Number(head.slice(9, 12)) });
      onIdle(this);
    }
  }
}

/** Sends pre-rendered requests over as many keep-alive connections as are needed at once. */
export function rawSender(
  host: string,
  port: number,
): { send: (request: Buffer) => Promise<RawResponse>; close: () => void } {
  const idle: Connection[] = [];
  const all = new Set<Connection>();
  const release = (c: Connection) => {
    if (!c.closed) idle.push(c);
  };
  return {
    send: (request) => {
      let connection = idle.pop();
      while (connection?.closed) connection = idle.pop();
      if (!connection) {
        connection = new Connection(host, port, release);
        all.add(connection);
      }
      return connection.send(request);
    },
    close: () => {
      for (const c of all) c.socket.destroy();
    },
  };
}

/** One POST rendered to bytes. */
export function renderPost(path: string, host: string, headers: Record<string, string>, body: Buffer): Buffer {
  const lines = [
    `POST ${path} HTTP/1.1`,
    `host: ${host}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    `content-length: ${body.length}`,
    "",
    "",
  ];
  return Buffer.concat([Buffer.from(lines.join("\r\n"), "latin1"), body]);
}
