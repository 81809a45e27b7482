export const NAV_ITEMS = [
  { label: "Home", url: "/app" },
  { label: "Customers", url: "/app/customers" },
  { label: "Segments", url: "/app/segments" },
  { label: "Campaigns", url: "/app/campaigns" },
  { label: "Reports", url: "/app/reports" },
  { label: "Settings", url: "/app/settings" },
] as const;
