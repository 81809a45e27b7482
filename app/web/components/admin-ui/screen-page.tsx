// One screen header for both modes. Inside the admin the title, breadcrumb and actions go to App
// Bridge's title bar (<ui-title-bar>) and a form's Save/Discard to its contextual save bar
// (<ui-save-bar>), shown while the form has unsaved changes; the Polaris Page only lays out the
// body. In demo mode there is no App Bridge (its elements render nothing), so the same props become
// the Polaris Page header, with Save as its primary action.
import { useNavigate } from "@remix-run/react";
import { SaveBar, TitleBar } from "@shopify/app-bridge-react";
import { Box, InlineStack, Page, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { useEmbedded } from "./embedded";

export interface ScreenAction {
  content: string;
  onAction?: () => void;
  /** An app path, opened by client-side navigation. */
  url?: string;
  loading?: boolean;
  disabled?: boolean;
  destructive?: boolean;
}

export interface SaveState {
  /** The form differs from what is saved: inside the admin, the save bar shows. */
  dirty: boolean;
  saving: boolean;
  onSave: () => void;
  onDiscard: () => void;
}

type ScreenPageProps = {
  title: string;
  subtitle?: string;
  titleMetadata?: ReactNode;
  backAction?: { content: string; url: string };
  secondaryActions?: ScreenAction[];
  children: ReactNode;
} & ({ save: SaveState; primaryAction?: never } | { save?: never; primaryAction?: ScreenAction });

export const SAVE_BAR_ID = "screen-save-bar";

export function ScreenPage(props: ScreenPageProps) {
  const embedded = useEmbedded();
  const { title, subtitle, titleMetadata, backAction, secondaryActions = [], save, children } = props;
  if (!embedded) {
    const primary = save ? { content: "Save", loading: save.saving, onAction: save.onSave } : props.primaryAction;
    return (
      <Page
        title={title}
        subtitle={subtitle}
        titleMetadata={titleMetadata}
        backAction={backAction}
        primaryAction={primary}
        secondaryActions={secondaryActions}
      >
        {children}
      </Page>
    );
  }
  return (
    <>
      <TitleBar title={title}>
        {backAction ? <TitleBarButton action={backAction} variant="breadcrumb" /> : null}
        {props.primaryAction ? <TitleBarButton action={props.primaryAction} variant="primary" /> : null}
        {secondaryActions.map((action) => (
          <TitleBarButton key={action.content} action={action} />
        ))}
      </TitleBar>
      {save ? (
        <SaveBar id={SAVE_BAR_ID} open={save.dirty}>
          <button variant="primary" loading={save.saving ? "" : undefined} onClick={save.onSave}>
            Save
          </button>
          <button onClick={save.onDiscard}>Discard</button>
        </SaveBar>
      ) : null}
      <Page>
        {titleMetadata || subtitle ? (
          // The title bar holds a plain title only; its status badge and subtitle stay on the page.
          <Box paddingBlockEnd="400">
            <InlineStack gap="200" blockAlign="center">
              {titleMetadata}
              {subtitle ? (
                <Text as="p" tone="subdued">
                  {subtitle}
                </Text>
              ) : null}
            </InlineStack>
          </Box>
        ) : null}
        {children}
      </Page>
    </>
  );
}

function TitleBarButton({ action, variant }: { action: ScreenAction; variant?: "primary" | "breadcrumb" }) {
  const navigate = useNavigate();
  const { url, onAction } = action;
  const onClick = url ? () => navigate(url) : onAction;
  return (
    <button
      variant={variant}
      tone={action.destructive ? "critical" : undefined}
      loading={action.loading ? "" : undefined}
      disabled={action.disabled}
      onClick={onClick}
    >
      {action.content}
    </button>
  );
}
