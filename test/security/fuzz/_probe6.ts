import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { stringify } from "yaml";
import { distinctVariantObjects } from "../support/variants";
const dir = "/tmp/variants-scan";
rmSync(dir, { recursive: true, force: true }); mkdirSync(dir);
const objs = distinctVariantObjects();
objs.forEach((o, i) => writeFileSync(`${dir}/${String(i).padStart(4, "0")}.yaml`, stringify(o)));
console.log(objs.length);
