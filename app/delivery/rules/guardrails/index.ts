export * from "./consent";
export * from "./decide";
export * from "./frequency";
export * from "./holdout";
export * from "./quiet-hours";
export * from "./settings";
