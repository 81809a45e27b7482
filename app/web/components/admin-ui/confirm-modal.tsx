// A confirmation dialog: App Bridge's modal (<ui-modal>, drawn by the admin over the whole page)
// inside the admin, Polaris Modal in demo mode, where App Bridge's elements render nothing.
import { Modal as AppBridgeModal, TitleBar } from "@shopify/app-bridge-react";
import { Box, Modal as PolarisModal } from "@shopify/polaris";
import type { ReactNode } from "react";
import { useEmbedded } from "./embedded";

export interface ConfirmModalProps {
  /** Unique on the page; App Bridge addresses modals by id. */
  id: string;
  open: boolean;
  title: string;
  confirmLabel: string;
  destructive?: boolean;
  loading?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}

export function ConfirmModal({
  id,
  open,
  title,
  confirmLabel,
  destructive,
  loading,
  onConfirm,
  onClose,
  children,
}: ConfirmModalProps) {
  const embedded = useEmbedded();
  if (embedded) {
    return (
      <AppBridgeModal id={id} open={open} onHide={onClose}>
        <Box padding="400">{children}</Box>
        <TitleBar title={title}>
          <button
            variant="primary"
            tone={destructive ? "critical" : undefined}
            loading={loading ? "" : undefined}
            onClick={onConfirm}
          >
            {confirmLabel}
          </button>
          <button onClick={onClose}>Cancel</button>
        </TitleBar>
      </AppBridgeModal>
    );
  }
  return (
    <PolarisModal
      open={open}
      onClose={onClose}
      title={title}
      primaryAction={{ content: confirmLabel, destructive, loading, onAction: onConfirm }}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <PolarisModal.Section>{children}</PolarisModal.Section>
    </PolarisModal>
  );
}
