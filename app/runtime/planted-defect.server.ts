// Deliberate defects for the soak's self-test (`npm run soak -- --plant …`, decision 0210): each
// one breaks a promise a soak check guards, so a test can show the check fails when it should.
// Never active in production, whatever the environment says.
export const PLANTED_DEFECTS = ["webhook-twice", "message-twice"] as const;
export type PlantedDefect = (typeof PLANTED_DEFECTS)[number];

export const PLANT_VARIABLE = "RAPPORT_SOAK_PLANT";

export function planted(defect: PlantedDefect, environment: NodeJS.ProcessEnv = process.env): boolean {
  if (environment.RAPPORT_MODE === "production") return false;
  return (environment[PLANT_VARIABLE] ?? "").split(",").includes(defect);
}
