// The demo store's customers reading their email (decision 0199). The local inbox is their mail
// provider: when a campaign email reaches a customer of the simulated store, the simulator learns
// that this customer was messaged (Activity.messageSent, the same planted effect a Flow trigger
// has), which may schedule an order the message caused; and the customer may click the email's
// link later, through the app's real click route. Seeded: the same store gives the same shoppers.
import type { Simulator } from "~sim/index";
import { Rng } from "~sim/util/rng";
import type { ReceivedMail } from "./inbox";

const HOUR_MS = 3_600_000;
/** Most who buy because of the email clicked its link first; a few others click and do not buy. */
const CLICK_IF_BUYING = 0.85;
const CLICK_OTHERWISE = 0.04;
const BROWSER =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";

export interface Shoppers {
  onReceive: (mail: ReceivedMail) => void;
  /** Clicks every link whose time has come on the store's clock; resolves when the app answered. */
  clickDue: (now: number) => Promise<number>;
  stats: () => { emailed: number; buying: number; clicks: number };
}

const CUSTOMER_EMAIL = /\.(\d+)@example\.com$/;
const TRACKED_LINK = /https?:\/\/[^\s<>"'\]]+\/proxy\/r\/[^\s<>"'\])]+/;

export function demoShoppers(sim: Simulator, seed: number): Shoppers {
  const emailsTo = new Map<number, number>();
  const clicks: { at: number; url: string }[] = [];
  const stats = { emailed: 0, buying: 0, clicks: 0 };

  const onReceive = (mail: ReceivedMail) => {
    for (const to of mail.envelope.to) {
      const index = CUSTOMER_EMAIL.exec(to);
      const customer = index ? sim.store.history(Number(index[1]))?.customer : undefined;
      // The demo's own addresses (the sender's test email) are nobody's in the store.
      if (!customer || customer.email.toLowerCase() !== to.toLowerCase()) continue;
      const nth = (emailsTo.get(customer.id) ?? 0) + 1;
      emailsTo.set(customer.id, nth);
      stats.emailed += 1;
      const now = sim.clock.now().getTime();
      const caused = sim.activity.messageSent(customer.id, nth);
      if (caused) stats.buying += 1;
      const rng = new Rng(seed, "demo-click", customer.id, nth);
      const link = TRACKED_LINK.exec(mail.parsed.text ?? "")?.[0];
      if (!link || !rng.chance(caused ? CLICK_IF_BUYING : CLICK_OTHERWISE)) continue;
      // A person opens the email a while after it arrives; a buyer clicks before buying.
      const latest = caused ? Math.max(caused.processedAt, now + HOUR_MS) : now + 36 * HOUR_MS;
      const at = now + 5 * 60_000 + rng.next() * (latest - now - 5 * 60_000);
      clicks.push({ at, url: link });
    }
  };

  const clickDue = async (now: number): Promise<number> => {
    const due = clicks.filter((c) => c.at <= now);
    if (due.length === 0) return 0;
    for (const c of due) clicks.splice(clicks.indexOf(c), 1);
    await Promise.all(
      due.map(async (c) => {
        const response = await fetch(c.url, { redirect: "manual", headers: { "User-Agent": BROWSER } }).catch(
          () => null,
        );
        if (response?.status === 302) stats.clicks += 1;
        await response?.body?.cancel();
      }),
    );
    return due.length;
  };

  return { onReceive, clickDue, stats: () => ({ ...stats }) };
}
