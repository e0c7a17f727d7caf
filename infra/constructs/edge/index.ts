export * from "./demo-backend";
export * from "./edge-nginx";
export { cacheSizeMiB, EXPORTER_UID, NGINX_UID } from "./edge-pod";
