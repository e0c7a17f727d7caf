/**
 * Small upstream servers on loopback (Node http), standing in for pods: each answers with its own
 * address in `x-backend`, counts requests and TCP connections, and can be killed like a dying pod.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

export type Handler = (req: IncomingMessage, res: ServerResponse, backend: Backend) => void;

export interface Backend {
  readonly address: string;
  readonly port: number;
  /** Requests received so far. */
  requests: number;
  /** TCP connections accepted so far. */
  connections: number;
  /** Stops listening and resets every open connection at once (a pod that died). */
  kill(): Promise<void>;
}

const defaultHandler: Handler = (req, res, backend) => {
  res.setHeader("x-backend", backend.address);
  res.setHeader("content-type", "text/plain");
  req.resume();
  req.on("end", () => res.end(`hello from ${backend.address} ${req.url}\n`));
};

/** RFC 6455 accept key, so a real WebSocket handshake completes through nginx. */
function websocketAccept(key: string): string {
  return createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
}

/** After the handshake the socket echoes bytes back, prefixed with the backend address. */
function onUpgrade(server: Server, backend: Backend): void {
  server.on("upgrade", (req: IncomingMessage, socket: Socket) => {
    backend.requests += 1;
    const key = String(req.headers["sec-websocket-key"] ?? "");
    socket.write(
      [
        "HTTP/1.1 101 Switching Protocols",
        "Upgrade: websocket",
        "Connection: Upgrade",
        `Sec-WebSocket-Accept: ${websocketAccept(key)}`,
        `x-backend: ${backend.address}`,
        "",
        "",
      ].join("\r\n"),
    );
    socket.on("data", (chunk: Buffer) => socket.write(Buffer.concat([Buffer.from(`echo from ${backend.address}: `), chunk])));
  });
}

export function startBackend(address: string, port: number, handler: Handler = defaultHandler): Promise<Backend> {
  const sockets = new Set<Socket>();
  const server = createServer({ keepAliveTimeout: 120_000 });
  const backend: Backend = {
    address,
    port,
    requests: 0,
    connections: 0,
    kill: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
  server.on("connection", (socket: Socket) => {
    backend.connections += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("request", (req, res) => {
    backend.requests += 1;
    handler(req, res, backend);
  });
  onUpgrade(server, backend);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, () => resolve(backend));
  });
}

export async function startBackends(addresses: readonly string[], port: number, handler?: Handler): Promise<Backend[]> {
  return Promise.all(addresses.map((a) => startBackend(a, port, handler)));
}
