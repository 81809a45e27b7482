// Reloads the route's data every few seconds while long work (a sync, a dry run) is in progress.
import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

export function usePoll(active: boolean, intervalMs = 2000): void {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (state === "idle") revalidate();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, revalidate, state]);
}
