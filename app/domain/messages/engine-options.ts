// The one LiquidJS engine, shared by compilation, validation and the fast path.
import { Liquid } from "liquidjs";

export const liquid = new Liquid({
  // Rendering is lenient (a missing fact is null, never an exception mid-batch); strictness is
  // enforced when a template is saved (validate.ts), against the catalogue.
  strictVariables: false,
  strictFilters: true,
  ownPropertyOnly: true,
  jsTruthy: false,
});
