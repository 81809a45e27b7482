export * from "./catalogue";
export { buildScope, milestoneLabel } from "./context";
export { compile, withFallbacks } from "./engine";
export * from "./render";
export * from "./validate";
