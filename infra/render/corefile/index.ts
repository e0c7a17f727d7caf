export * from "./cluster-corefile";
export * from "./model";
export * from "./node-local-corefile";
export * from "./printer";
