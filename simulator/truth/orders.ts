// Every order visible at an instant, as attribution sees it (cancellation and refunds as of
// then, money in cents): what a driver in another process compares the app's orders and
// conversions against (GET /_simulator/truth/orders).
import type { Store } from "../store/store";
import { cancelledAt, orderTotal, refundedAt } from "../store/visible";

export interface OrderTruth {
  orderId: number;
  customerId: number | null;
  processedAt: string;
  cancelled: boolean;
  test: boolean;
  totalCents: number;
  refundedCents: number;
  source: string;
}

export function ordersTruth(store: Store, asOf: number): OrderTruth[] {
  const out: OrderTruth[] = [];
  for (const history of store.histories())
    for (const o of history.orders) {
      if (o.processedAt > asOf) continue;
      out.push({
        orderId: o.id,
        customerId: o.customerId,
        processedAt: new Date(o.processedAt).toISOString(),
        cancelled: cancelledAt(o, asOf) !== null,
        test: o.test,
        totalCents: orderTotal(o),
        refundedCents: refundedAt(o, asOf),
        source: o.source,
      });
    }
  return out;
}
