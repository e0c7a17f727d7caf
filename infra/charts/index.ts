export * from "./addon";
export * from "./graph";
export * from "./registry";
