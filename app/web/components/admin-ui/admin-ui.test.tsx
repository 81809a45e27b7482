// The shared screen components in both modes, rendered on the server: inside the admin they emit
// App Bridge's elements (ui-title-bar, ui-save-bar, ui-modal) with the attributes App Bridge reads;
// in demo mode, where those elements would render nothing, the Polaris header and buttons.
import { AppProvider as PolarisProvider, Badge, Text } from "@shopify/polaris";
import translations from "@shopify/polaris/locales/en.json";
import type { ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { StaticRouter } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { ConfirmModal } from "./confirm-modal";
import { EmbeddedProvider } from "./embedded";
import { SAVE_BAR_ID, ScreenPage, type SaveState } from "./screen-page";

function render(embedded: boolean, element: ReactElement): string {
  return renderToString(
    <StaticRouter location="/app">
      <PolarisProvider i18n={translations}>
        <EmbeddedProvider embedded={embedded}>{element}</EmbeddedProvider>
      </PolarisProvider>
    </StaticRouter>,
  );
}

const noop = () => undefined;
const save = (overrides: Partial<SaveState> = {}): SaveState => ({
  dirty: true,
  saving: false,
  onSave: noop,
  onDiscard: noop,
  ...overrides,
});

const editor = (s: SaveState) => (
  <ScreenPage
    title="VIP thank-you"
    subtitle="Loyalty"
    titleMetadata={<Badge>Draft</Badge>}
    backAction={{ content: "Campaigns", url: "/app/campaigns" }}
    secondaryActions={[
      { content: "Delete", destructive: true, onAction: noop },
      { content: "View report", url: "/app/reports" },
    ]}
    save={s}
  >
    <Text as="p">Body</Text>
  </ScreenPage>
);

describe("ScreenPage inside the admin", () => {
  const html = render(true, editor(save({ saving: true })));

  it("puts the title, breadcrumb and actions in App Bridge's title bar", () => {
    expect(html).toContain('<ui-title-bar title="VIP thank-you">');
    expect(html).toContain('<button variant="breadcrumb">Campaigns</button>');
    expect(html).toContain('<button tone="critical">Delete</button>');
    expect(html).toContain("<button>View report</button>");
    expect(html).not.toContain("Polaris-Page-Header");
    expect(html).not.toContain("<h1");
  });

  it("puts Save and Discard in App Bridge's save bar, Save marked primary and loading while saving", () => {
    expect(html).toContain(`<ui-save-bar id="${SAVE_BAR_ID}">`);
    expect(html).toContain('<button variant="primary" loading="">Save</button><button>Discard</button></ui-save-bar>');
    expect(render(true, editor(save())).match(/<button variant="primary"[^>]*>Save<\/button>/)?.[0]).toBe(
      '<button variant="primary">Save</button>',
    );
  });

  it("keeps the status badge, subtitle and body on the page", () => {
    expect(html).toContain("Draft");
    expect(html).toContain("Loyalty");
    expect(html).toContain("Body");
  });

  it("marks a primary action (no form) as the title bar's primary button, disabled when asked", () => {
    const list = render(
      true,
      <ScreenPage
        title="Home"
        primaryAction={{ content: "Create campaign", url: "/app/campaigns/new" }}
        secondaryActions={[{ content: "Sync now", disabled: true }]}
      >
        x
      </ScreenPage>,
    );
    expect(list).toContain(
      '<ui-title-bar title="Home"><button variant="primary">Create campaign</button><button disabled="">Sync now</button></ui-title-bar>',
    );
    expect(list).not.toContain("ui-save-bar");
  });
});

describe("ScreenPage in demo mode", () => {
  const html = render(false, editor(save()));

  it("renders the Polaris header with the title, Save as its primary button and the other actions", () => {
    expect(html).not.toContain("ui-title-bar");
    expect(html).not.toContain("ui-save-bar");
    expect(html).toMatch(/<h1[^>]*>(<[^>]+>)*VIP thank-you</);
    expect(html).toMatch(/Polaris-Button--variantPrimary[^>]*>(<[^>]+>)*Save</);
    expect(html).toContain("View report");
    expect(html).toContain("Delete");
    expect(html).toContain("Loyalty");
  });
});

describe("ConfirmModal", () => {
  const modal = (
    <ConfirmModal
      id="delete-segment"
      open={false}
      title="Delete VIPs?"
      confirmLabel="Delete segment"
      destructive
      onConfirm={noop}
      onClose={noop}
    >
      <Text as="p">This can&apos;t be undone.</Text>
    </ConfirmModal>
  );

  it("inside the admin is App Bridge's modal, its title bar holding the confirm (critical, primary) and cancel buttons", () => {
    const html = render(true, modal);
    expect(html).toContain('<ui-modal id="delete-segment"><ui-title-bar title="Delete VIPs?">');
    expect(html).toContain(
      '<button variant="primary" tone="critical">Delete segment</button><button>Cancel</button></ui-title-bar>',
    );
  });

  it("in demo mode is not an App Bridge element", () => {
    expect(render(false, modal)).not.toContain("ui-modal");
  });
});
