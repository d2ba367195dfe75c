import type { CommandModule } from "yargs";
import { UsageError } from "../errors.js";

// Placeholder until the disasm command lands.
export const disasmCommand: CommandModule = {
  command: "disasm",
  describe: "disasm (not yet available)",
  handler: () => {
    throw new UsageError("disasm is not available yet");
  },
};
