/** The real upstream layer pointed at a sandbox of ours over HTTP. */
import { createUpstream, type Upstream } from "../../src/providers/index.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/server.js";

export const KHALTI_TEST_TOKEN = "TEST:sandbox-token-khalti";
export const GTU_TEST_TOKEN = "sandbox-token-gtu";

export async function sandboxAndUpstream(opts: { commitTimeoutMs?: number; lookupTimeoutMs?: number } = {}): Promise<{ sandbox: Sandbox; upstream: Upstream }> {
  const sandbox = await startSandbox({ khaltiToken: KHALTI_TEST_TOKEN, globaltopupToken: GTU_TEST_TOKEN });
  const upstream = createUpstream({
    khalti: { baseUrl: sandbox.khaltiBaseUrl, token: KHALTI_TEST_TOKEN },
    globaltopup: { baseUrl: sandbox.globaltopupBaseUrl, token: GTU_TEST_TOKEN },
    lookupTimeoutMs: opts.lookupTimeoutMs ?? 3000,
    commitTimeoutMs: opts.commitTimeoutMs ?? 3000,
    routePriority: {},
  });
  return { sandbox, upstream };
}
