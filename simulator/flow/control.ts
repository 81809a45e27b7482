// The /_simulator/flow/… control routes (see simulator/README.md, "Shopify Flow").
import type { SimulatorCore } from "../core";
import { parseGid } from "../util/ids";
import type { WorkflowKind } from "./flow";

type Input = Record<string, unknown>;

export async function handleFlowControl(core: SimulatorCore, route: string, input: Input): Promise<unknown> {
  const flow = core.flow;
  if (route === "POST /flow/configure") return (flow.configure(input as never), { ok: true });
  if (route === "POST /flow/workflow") {
    const kind: WorkflowKind = input.kind === "other_app" ? "other_app" : "shopify_email";
    const { enabled, call } = await flow.setWorkflow(input.enabled !== false, kind);
    return { enabled, kind, appStatus: call.status, appResponse: call.responseText };
  }
  if (route === "GET /flow/workflow") return { enabled: [...flow.enabled] };
  if (route === "POST /flow/actions/run") {
    const customerId = parseGid(input.customerId as string | number)?.id ?? NaN;
    const call = await flow.runAction({
      customerId,
      campaign: String(input.campaign ?? ""),
      actionRunId: typeof input.actionRunId === "string" ? input.actionRunId : undefined,
    });
    return { actionRunId: call.actionRunId, appStatus: call.status, appResponse: call.responseText };
  }
  if (route === "GET /flow/emails") return flow.emails;
  if (route === "GET /flow/calls") return flow.calls;
  return undefined;
}
