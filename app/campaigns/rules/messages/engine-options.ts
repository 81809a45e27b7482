// The LiquidJS engines, shared by compilation and validation.
import { Liquid, Tag, type LiquidOptions, type TagToken, type TopLevelToken } from "liquidjs";
import { MEMORY_LIMIT, PARSE_LIMIT, PARTIALS_MESSAGE, RENDER_LIMIT_MS } from "./limits";
import { markValue } from "./url";

// Messages have no partials (decision 0100): these tags fail when a template is parsed, at save
// and, for a template stored before this rule, at render.
class RefusedPartial extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    throw new Error(PARTIALS_MESSAGE);
  }
  render(): void {}
}

const options: LiquidOptions = {
  // Rendering is lenient (a missing fact is null, never an exception mid-batch); strictness is
  // enforced when a template is saved (validate.ts), against the catalogue.
  strictVariables: false,
  strictFilters: true,
  ownPropertyOnly: true,
  jsTruthy: false,
  // No file system: an empty in-memory map replaces LiquidJS's default (the process's working
  // directory), so even a partial tag that got past the parser could not read a file.
  templates: {},
  parseLimit: PARSE_LIMIT,
  renderLimit: RENDER_LIMIT_MS,
  memoryLimit: MEMORY_LIMIT,
};

function engine(extra: LiquidOptions = {}): Liquid {
  const liquid = new Liquid({ ...options, ...extra });
  for (const name of ["include", "render", "layout"]) liquid.registerTag(name, RefusedPartial);
  return liquid;
}

export const liquid = engine();

/**
 * The call-to-action engine: every `{{ … }}` value is wrapped in markers so url.ts can
 * percent-encode the values that land inside the URL (decision 0103). `raw` would skip the
 * markers, so here it is a plain identity filter.
 */
export const urlLiquid = engine({ outputEscape: markValue });
urlLiquid.registerFilter("raw", (v: unknown) => v);
// These print values without going through outputEscape.
class RefusedInLink extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    throw new Error(`{% ${token.name} %} is not available in the link`);
  }
  render(): void {}
}
for (const name of ["cycle", "tablerow", "increment", "decrement"]) urlLiquid.registerTag(name, RefusedInLink);
