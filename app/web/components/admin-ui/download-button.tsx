// A button that downloads a file from an app route through downloadFile (session token inside the
// admin), spinning while it runs and showing a toast if it fails.
import { Button } from "@shopify/polaris";
import { useState } from "react";
import { useToast } from "~/web/components/toast";
import { downloadFile } from "./download";

export interface DownloadButtonProps {
  url: string;
  /** Used when the response names no file. */
  filename: string;
  size?: "slim" | "medium" | "large";
  accessibilityLabel?: string;
  children: string;
}

export function DownloadButton({ url, filename, size, accessibilityLabel, children }: DownloadButtonProps) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const onClick = () => {
    setBusy(true);
    downloadFile(url, filename)
      .catch(() => toast.show("The download failed; reload the page and try again", { error: true }))
      .finally(() => setBusy(false));
  };
  return (
    <Button size={size} loading={busy} onClick={onClick} accessibilityLabel={accessibilityLabel}>
      {children}
    </Button>
  );
}
