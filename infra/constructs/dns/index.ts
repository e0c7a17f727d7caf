export * from "./coredns-deployment";
export * from "./coredns-rbac";
export * from "./dns-autoscaler";
export * from "./kube-dns-service";
export * from "./names";
export * from "./node-local-dns";
