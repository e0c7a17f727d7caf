export * from "./demo-backend";
export * from "./edge-nginx";
