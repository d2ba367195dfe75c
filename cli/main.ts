#!/usr/bin/env node
/**
 * The `ppcmac` command line. Each command lives in cli/commands/; this file only wires them up
 * and turns expected errors (bad files, bad arguments) into one clear line and a non-zero status.
 */
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { benchCommand } from "./commands/bench.js";
import { disasmCommand } from "./commands/disasm.js";
import { kernelTestCommand } from "./commands/kernel-test.js";
import { runCommand } from "./commands/run.js";
import { UsageError, reportAndExit } from "./errors.js";

// A reader that goes away (`ppcmac disasm FILE | head`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    reportAndExit(error);
  });
}

try {
  await yargs(hideBin(process.argv))
    .scriptName("ppcmac")
    .usage("$0 <command> [options]\n\nA cycle-level emulator of a PowerPC Mac of the Mac OS X 10.4 era.")
    .command(runCommand)
    .command(disasmCommand)
    .command(benchCommand)
    .command(kernelTestCommand)
    .demandCommand(1, "Name a command (see --help).")
    .strict()
    .help()
    .version()
    .fail((message, error) => {
      if (error !== undefined && error !== null) throw error;
      throw new UsageError(message ?? "invalid arguments");
    })
    .parseAsync();
} catch (error) {
  // yargs may throw synchronously or reject; either way the user sees one line.
  reportAndExit(error);
}
