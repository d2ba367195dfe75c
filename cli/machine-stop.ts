/** How every command that runs the machine reports the ways a run can stop short of the guest's own exit. */
import { ExitStatus } from "./errors.js";

export type MachineStop =
  | { readonly kind: "limit"; readonly retired: number }
  | { readonly kind: "checkstop"; readonly report: string }
  | { readonly kind: "halted"; readonly report: string }
  | { readonly kind: "panic" };

/** One line on stderr naming why the run stopped, then the matching exit status. */
export function exitForMachineStop(stop: MachineStop): never {
  switch (stop.kind) {
    case "limit":
      process.stderr.write(`ppcmac: stopped after ${stop.retired} instructions (--max-instructions reached)\n`);
      process.exit(ExitStatus.InstructionLimit);
    case "checkstop":
      process.stderr.write(`ppcmac: checkstop: ${stop.report}\n`);
      process.exit(ExitStatus.UnhandledGuestException);
    case "halted":
      process.stderr.write(`ppcmac: halted: ${stop.report}\n`);
      process.exit(ExitStatus.UnhandledGuestException);
    case "panic":
      process.stderr.write("ppcmac: the kernel panicked\n");
      process.exit(ExitStatus.KernelPanic);
  }
}
