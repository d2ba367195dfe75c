/** How the CLI reports what went wrong: one line naming the problem, never a host stack trace. */
import { ElfError } from "../elf/elf.js";

/** Exit statuses of the ppcmac process itself (guest statuses pass through unchanged). */
export const ExitStatus = {
  UsageError: 2,
  BadImage: 126,
  /** --max-instructions reached before the guest finished. */
  InstructionLimit: 124,
  /** A guest exception with no handler ended a bare-metal run. */
  UnhandledGuestException: 125,
  /** The guest kernel panicked (it printed the message, registers and backtrace). */
  KernelPanic: 123,
  InternalError: 70,
} as const;

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function reportAndExit(error: unknown): never {
  if (error instanceof UsageError) {
    process.stderr.write(`ppcmac: ${error.message}\n`);
    process.exit(ExitStatus.UsageError);
  }
  if (error instanceof ElfError) {
    process.stderr.write(`ppcmac: ${error.message}\n`);
    process.exit(ExitStatus.BadImage);
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EPIPE") process.exit(0); // stdout's reader went away (writeSync reports it here)
  if (code === "ENOENT" || code === "EACCES" || code === "EISDIR") {
    process.stderr.write(`ppcmac: ${(error as Error).message}\n`);
    process.exit(ExitStatus.UsageError);
  }
  process.stderr.write(`ppcmac: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(ExitStatus.InternalError);
}
