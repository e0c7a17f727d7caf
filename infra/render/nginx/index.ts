export * from "./directive";
export * from "./edge-secrets";
export * from "./paths";
export * from "./printer";
export * from "./render-edge";
export { serviceFqdn, keepaliveConnections, keepaliveTimeSeconds, hashKeyExpr } from "./upstreams";
export { HEALTH_PATH, STUB_STATUS_PATH } from "./servers";
export { CACHE_KEY } from "./locations";
