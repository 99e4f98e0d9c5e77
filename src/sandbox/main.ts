/**
 * `npm run sandbox`: starts the sandbox on `SANDBOX_PORT` (default 4010) with the default test
 * tokens, prints one line with both base URLs and tokens, and stops cleanly on SIGINT/SIGTERM.
 * The settings come from `loadConfigOrExit` (the only reader of the environment).
 */
import { loadConfigOrExit } from "../config.js";
import { startSandbox } from "./server.js";

const config = loadConfigOrExit();
const sandbox = await startSandbox({ port: config.sandbox.port });

process.stdout.write(
  `sandbox: Khalti ${sandbox.khaltiBaseUrl} (token ${sandbox.khaltiToken}) · ` +
    `Global Topup ${sandbox.globaltopupBaseUrl} (token ${sandbox.globaltopupToken})\n`,
);

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  sandbox.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
