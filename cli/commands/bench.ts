import type { CommandModule } from "yargs";
import { UsageError } from "../errors.js";

// Placeholder until the bench command lands.
export const benchCommand: CommandModule = {
  command: "bench",
  describe: "bench (not yet available)",
  handler: () => {
    throw new UsageError("bench is not available yet");
  },
};
