export * from "./connection-policies";
export * from "./kube-router";
