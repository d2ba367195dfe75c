/** Runs the Linux builds of the benchmark workloads under qemu-ppc (linux-user), when it is installed. */
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { performance } from "node:perf_hooks";
import type { CpuModel } from "../cpu/cpu.js";

export const QEMU_PROGRAM = "qemu-ppc";

export type QemuRun =
  | { readonly ok: true; readonly checksum: number; readonly seconds: number }
  | { readonly ok: false; readonly reason: string };

/** Full path of qemu-ppc if it is on PATH. */
export function findQemu(): string | undefined {
  for (const directory of (process.env.PATH ?? "").split(delimiter)) {
    if (directory === "") continue;
    const candidate = join(directory, QEMU_PROGRAM);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Reads "bench-<name>: checksum 0x<hex>" from a guest's output. */
export function parseReportedChecksum(output: string, name: string): number | undefined {
  const match = new RegExp(`^bench-${name}: checksum 0x([0-9a-f]{8})$`, "m").exec(output);
  return match === null ? undefined : Number.parseInt(match[1], 16);
}

/**
 * Runs `image` under `qemu-ppc -cpu <model>` and times the whole process. The program prints
 * its checksum and exits with the checksum's low byte; both are checked.
 */
export function runOnQemu(qemu: string, image: string, name: string, model: CpuModel, iterations: number): QemuRun {
  const start = performance.now();
  const result = spawnSync(qemu, ["-cpu", model, image, String(iterations)], { encoding: "latin1", timeout: 600_000 });
  const seconds = (performance.now() - start) / 1000;
  const command = `${QEMU_PROGRAM} -cpu ${model} ${image} ${iterations}`;
  if (result.error !== undefined) return { ok: false, reason: `${command}: ${result.error.message}` };
  const checksum = parseReportedChecksum(result.stdout, name);
  const detail = `${result.signal !== null ? `signal ${result.signal}` : `exit status ${result.status}`}, output ${JSON.stringify(
    (result.stdout + result.stderr).trim().slice(0, 200),
  )}`;
  if (checksum === undefined) return { ok: false, reason: `${command} printed no checksum (${detail})` };
  if (result.status !== (checksum & 0xff)) {
    return { ok: false, reason: `${command}: exit status is not the checksum's low byte (${detail})` };
  }
  return { ok: true, checksum, seconds };
}
