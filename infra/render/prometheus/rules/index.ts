export { platformRuleGroups } from "./platform-rules";
