/** exec's limits and the kernel image check: E2BIG for an over-long argument list, a wrong kernel refused. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadKernelImage } from "../../board/kernel.js";
import { runUserProgram } from "../../board/user-program.js";
import { ElfError } from "../../elf/elf.js";
import { REPO_ROOT } from "../support/shared.js";

const image = (name: string) => join(REPO_ROOT, "images", `${name}.elf`);
/** execve's ARG_MAX on 10.4 (bsd/sys/syslimits.h): path, arguments and environment together. */
const ARG_MAX = 256 * 1024;

describe("exec limits", () => {
  it("refuses an argument list longer than ARG_MAX with E2BIG's message and status 126", () => {
    const long = "x".repeat(ARG_MAX / 4);
    const result = runUserProgram(new Uint8Array(readFileSync(image("hello"))), {
      argv: ["hello", "0", long, long, long, long],
      maxInstructions: 50_000_000,
    });
    expect(result.outcome).toEqual({ kind: "exec-failed", status: 126 });
    expect(Buffer.from(result.stderr).toString("latin1")).toContain("argument list too long");
  });

  it("accepts one just under ARG_MAX", () => {
    const argv = ["hello", "0", "y".repeat(ARG_MAX - 64)];
    const result = runUserProgram(new Uint8Array(readFileSync(image("hello"))), { argv, maxInstructions: 50_000_000 });
    expect(result.outcome).toEqual({ kind: "exit", status: 0 });
  });
});

describe("kernel image", () => {
  it("an ELF that is not the ppcmac kernel is refused before boot", () => {
    expect(() => loadKernelImage(image("hello"))).toThrow(ElfError);
    expect(() => loadKernelImage(image("hello"))).toThrow(/not a ppcmac kernel image/);
  });
});
