export * from "./output-files";
export * from "./synthesize";
export * from "./write-tree";
