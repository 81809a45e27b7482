import type { Store } from "../store/store";
import type { Activity } from "../store/activity";
import type { BulkRunner } from "../bulk/runner";
import type { Recorder } from "../store/recorder";
import type { SimulatedFlow } from "../flow/flow";

export interface GqlContext {
  store: Store;
  /** The simulator clock's current instant (ms) for this request. */
  at: number;
  shop: ShopInfo;
  activity: Activity;
  bulk: BulkRunner;
  recorder: Recorder;
  apiVersion: string;
  /** Flow trigger handles the shop knows (extensions deployed). */
  flowHandles: string[];
  /** Shopify Email automations behind the trigger (simulator/flow/flow.ts). */
  flow?: SimulatedFlow;
  /** The access scopes the app's token was granted (mutations that need one it lacks are ACCESS_DENIED). */
  scopes: string[];
}

export interface ShopInfo {
  name: string;
  domain: string;
  email: string;
  plan: string;
}
