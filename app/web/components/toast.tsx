// One way to show a toast on every screen: App Bridge's shopify.toast inside the admin,
// Polaris <Toast> in demo mode.
import { Toast } from "@shopify/polaris";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

interface ToastApi {
  show: (message: string, options?: { error?: boolean }) => void;
}

const ToastContext = createContext<ToastApi>({ show: () => undefined });

interface AppBridgeGlobal {
  shopify?: { toast: { show: (message: string, options?: { isError?: boolean }) => void } };
}

export function ToastProvider({ embedded, children }: { embedded: boolean; children: ReactNode }) {
  const [toast, setToast] = useState<{ message: string; error: boolean } | null>(null);
  const show = useCallback(
    (message: string, options: { error?: boolean } = {}) => {
      const bridge = (globalThis as AppBridgeGlobal).shopify;
      if (embedded && bridge) bridge.toast.show(message, { isError: options.error });
      else setToast({ message, error: options.error ?? false });
    },
    [embedded],
  );
  const api = useMemo(() => ({ show }), [show]);
  useEffect(() => {
    if (embedded) return;
    return labelToastCloseButtons();
  }, [embedded]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      {toast ? <Toast content={toast.message} error={toast.error} onDismiss={() => setToast(null)} /> : null}
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  return useContext(ToastContext);
}

// Polaris 13's Toast renders its close button with an icon only (no accessible name, an axe
// "critical"); name it as it appears, since the toast lives in a portal outside our tree.
function labelToastCloseButtons(): () => void {
  const label = () => {
    for (const button of document.querySelectorAll(".Polaris-Frame-Toast__CloseButton:not([aria-label])"))
      button.setAttribute("aria-label", "Dismiss notification");
  };
  const observer = new MutationObserver(label);
  observer.observe(document.body, { childList: true, subtree: true });
  return () => observer.disconnect();
}
