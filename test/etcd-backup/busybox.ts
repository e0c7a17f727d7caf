import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";

/** A folder of BusyBox applet links, for a PATH with nothing else on it (as in the busybox image). */
export function busyboxPath(dir: string): string {
  const busybox = ["/usr/bin/busybox", "/bin/busybox"].find((p) => existsSync(p));
  if (busybox === undefined) throw new Error("busybox not found: install it with `apt-get install -y busybox`");
  const bin = join(dir, "busybox-bin");
  mkdirSync(bin, { recursive: true });
  for (const applet of execFileSync(busybox, ["--list"], { encoding: "utf8" }).split("\n").filter(Boolean)) {
    if (!existsSync(join(bin, applet))) symlinkSync(busybox, join(bin, applet));
  }
  return bin;
}
