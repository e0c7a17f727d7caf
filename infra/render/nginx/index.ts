export * from "./directive";
export * from "./edge-secrets";
export * from "./paths";
export * from "./printer";
export * from "./render-edge";
export { keepaliveConnections } from "./upstreams";
export { HEALTH_PATH, STUB_STATUS_PATH } from "./servers";
