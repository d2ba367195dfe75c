import type { CommandModule } from "yargs";
import { UsageError } from "../errors.js";

// Placeholder until the run command lands.
export const runCommand: CommandModule = {
  command: "run",
  describe: "run (not yet available)",
  handler: () => {
    throw new UsageError("run is not available yet");
  },
};
