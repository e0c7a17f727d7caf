export * from "./common";
export * from "./errors";
export * from "./images";
export * from "./load";
export * from "./merge";
export * from "./namespaces";
export * from "./profiles";
export * from "./schema";
export { defineConfig } from "./define-config";
