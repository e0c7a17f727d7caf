export * from "./headlamp";
export * from "./kubernetes-dashboard";
export * from "./ui-rbac";
export * from "./ui-workload";
