/**
 * The benchmark workloads compute the right checksums: on ppcmac (bare-metal images), under
 * qemu-ppc (their Linux builds) and through `runBenchmark`, each checked against the host-side
 * reference in reference.ts. Nothing here is timed.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BenchFailure, runBenchmark } from "../../bench/bench.js";
import { guestImagePath } from "../../bench/images.js";
import { loadBenchImage, runOnPpcmac } from "../../bench/ppcmac-run.js";
import { findQemu, runOnQemu } from "../../bench/qemu.js";
import { WORKLOADS, type Workload } from "../../bench/workloads.js";
import { REPO_ROOT } from "../support/shared.js";
import { floatingPointChecksum, integerChecksum } from "./reference.js";

const ITERATIONS = 3;
const BUDGET = 50_000_000;
const workload = (name: string): Workload => {
  const found = WORKLOADS.find((w) => w.name === name);
  if (found === undefined) throw new Error(`no workload ${name}`);
  return found;
};
const INT = workload("int");
const FP = workload("fp");

const qemu = findQemu();
if (qemu === undefined) console.warn("skipping the qemu-ppc checks: qemu-ppc is not on PATH");
const toolchain = spawnSync("powerpc-linux-gnu-gcc", ["--version"]).status === 0;
if (!toolchain) console.warn("skipping the guest image rebuild check: powerpc-linux-gnu-gcc is not installed");
/**
 * Whether the decoder knows the FP instructions (lfd f0,0(0) stands for them). Until it does,
 * the FP image must stop at its first FP instruction with a clear reason.
 */

describe("benchmark checksums", () => {
  it("the reference changes with the iteration count (so matching it means something)", () => {
    expect(integerChecksum(ITERATIONS)).not.toBe(integerChecksum(ITERATIONS - 1));
    expect(floatingPointChecksum(ITERATIONS)).not.toBe(floatingPointChecksum(ITERATIONS - 1));
  });

  for (const model of ["7400", "750"] as const) {
    it(`the integer image computes the reference checksum on ppcmac (--cpu ${model})`, () => {
      const result = runOnPpcmac(loadBenchImage(guestImagePath(INT.bareImage), ITERATIONS), model, BUDGET);
      expect(result).toMatchObject({ ok: true, checksum: integerChecksum(ITERATIONS) });
    });
  }

  it("the FP image computes the reference checksum on ppcmac", () => {
    const result = runOnPpcmac(loadBenchImage(guestImagePath(FP.bareImage), ITERATIONS), "7400", BUDGET);
    expect(result).toMatchObject({ ok: true, checksum: floatingPointChecksum(ITERATIONS) });
  });

  it.skipIf(qemu === undefined)("the Linux builds compute the reference checksums under qemu-ppc", () => {
    const path = qemu as string;
    expect(runOnQemu(path, guestImagePath(INT.linuxImage), "int", "7400", ITERATIONS)).toMatchObject({
      ok: true,
      checksum: integerChecksum(ITERATIONS),
    });
    expect(runOnQemu(path, guestImagePath(FP.linuxImage), "fp", "7400", ITERATIONS)).toMatchObject({
      ok: true,
      checksum: floatingPointChecksum(ITERATIONS),
    });
  });
});

describe("runBenchmark", () => {
  it("reports every workload, cross-checked with qemu-ppc when it is installed", () => {
    const report = runBenchmark({ model: "7400", iterations: 2, runs: 2, qemu: true });
    const byName = (name: string) => {
      const result = report.results.find((r) => r.workload.name === name);
      if (result === undefined) throw new Error(`no ${name} workload in the report`);
      return result;
    };
    const [int, intMmu, fp] = [byName("int"), byName("int-mmu"), byName("fp")];
    expect(int.ppcmac?.checksum).toBe(integerChecksum(2));
    // Translation on runs the same code to the same result.
    expect(intMmu.ppcmac?.checksum).toBe(integerChecksum(2));
    expect(intMmu.ppcmac?.instructions).toBeGreaterThan(int.ppcmac?.instructions ?? Infinity);
    expect(int.ppcmac?.instructions).toBeGreaterThan(0);
    if (qemu !== undefined) expect(int.qemu?.checksum).toBe(integerChecksum(2));
    else expect(int.qemuSkipped).toMatch(/not on PATH/);
    expect(fp.ppcmac?.checksum).toBe(floatingPointChecksum(2));
  });

  it("fails on a required workload that does not finish, and reports an optional one as unavailable", () => {
    const options = { model: "7400", iterations: 1, runs: 1, qemu: false, maxInstructions: 1000 } as const;
    expect(() => runBenchmark({ ...options, workloads: [INT] })).toThrow(BenchFailure);
    expect(() => runBenchmark({ ...options, workloads: [INT] })).toThrow(/no result after 1000 instructions/);
    const [optional] = runBenchmark({ ...options, workloads: [{ ...INT, required: false }] }).results;
    expect(optional.ppcmac).toBeUndefined();
    expect(optional.unavailable).toMatch(/no result after 1000 instructions/);
  });
});

describe("committed guest images", () => {
  it.skipIf(!toolchain)("match what scripts/build-guest-images.sh builds from their sources", () => {
    const check = spawnSync("bash", [join(REPO_ROOT, "scripts", "check-guest-images.sh")], { encoding: "utf8" });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  });
});
