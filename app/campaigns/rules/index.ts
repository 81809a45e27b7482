export * from "./draft";
export * from "./pillar-templates";
export * from "./schedule";
export * from "./trigger";
