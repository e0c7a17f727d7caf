/**
 * Free loopback listen addresses for tests that start real servers: only 127.0.0.0/8 and ::1 may carry
 * traffic on these machines. Re-exported by dns-server.ts (and coredns.ts) for their callers.
 */
import { createSocket } from "node:dgram";
import { createServer, isIP } from "node:net";

export interface ListenAddress {
  readonly address: string;
  readonly port: number;
}

/** A TCP port free on `address` right now (the kernel's pick for port 0). */
export function freeTcpPort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().once("error", reject);
    srv.listen(0, address, () => {
      const info = srv.address();
      srv.close(() => resolve(typeof info === "object" && info !== null ? info.port : 0));
    });
  });
}

/** Whether a TCP port is free on `address` right now (a listen attempt that is closed again). */
export function tcpPortFree(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer().once("error", () => resolve(false));
    srv.listen(port, address, () => srv.close(() => resolve(true)));
  });
}

/**
 * `count` distinct ports in 20000..49999, each free for TCP on every one of `addresses` (give distinct
 * addresses: they are probed at the same time).
 */
export async function freeTcpPortsOn(addresses: readonly string[], count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let attempt = 0; attempt < 1000 && ports.length < count; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    if (ports.includes(port)) continue;
    if ((await Promise.all(addresses.map((a) => tcpPortFree(a, port)))).every(Boolean)) ports.push(port);
  }
  if (ports.length < count) throw new Error(`freeTcpPortsOn: fewer than ${count} ports free on ${addresses.join(", ")}`);
  return ports;
}

let nextHost = 2 + (process.pid % 200);

/** A port free for UDP and TCP on `host` (default: the next 127.0.0.x). */
export async function freeListenAddress(host?: string): Promise<ListenAddress> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const address = host ?? `127.0.0.${nextHost}`;
    nextHost = nextHost >= 254 ? 2 : nextHost + 1;
    const port = await new Promise<number>((resolve, reject) => {
      const sock = createSocket(isIP(address) === 6 ? "udp6" : "udp4");
      sock.once("error", reject);
      sock.bind(0, address, () => {
        const bound = sock.address().port;
        sock.close(() => resolve(bound));
      });
    });
    if (await tcpPortFree(address, port)) return { address, port };
  }
  throw new Error("freeListenAddress: no free UDP+TCP port in 50 tries");
}
