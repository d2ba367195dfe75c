/**
 * The bare-metal guest test programs (test/bare/*.c and *.S, built into the committed images/
 * by scripts/build-guest-images.sh) run on ppcmac. They install their own exception vectors,
 * set up BATs, segment registers and a hashed page table, and check, from guest code, what the
 * architecture (OEA, MPC750 UM) says each exception and translation must report; every
 * expected value is written in the guest source. Here each image must exit 0 with every named
 * check passed; then the inspection API is compared with the translation paths test-mmu
 * printed, on the page tables it left in RAM; and `ppcmac run --bare` is exercised as a process.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBare, type BareOutcome } from "../../board/bare.js";
import { Machine } from "../../board/machine.js";
import type { CpuModel } from "../../cpu/cpu.js";
import { SPR } from "../../cpu/spr.js";
import { parseElf, type ElfImage } from "../../elf/elf.js";
import { ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE, type AccessKind } from "../../mmu/faults.js";
import { inspectTranslation } from "../../mmu/inspect.js";
import type { Mmu } from "../../mmu/mmu.js";
import { REPO_ROOT } from "../support/shared.js";

const BUDGET = 20_000_000;

function imagePath(name: string): string {
  return join(REPO_ROOT, "images", `${name}.elf`);
}

function loadImage(name: string): ElfImage {
  return parseElf(new Uint8Array(readFileSync(imagePath(name))), `${name}.elf`);
}

interface GuestRun {
  readonly machine: Machine;
  readonly outcome: BareOutcome;
  readonly output: string;
  readonly passed: Set<string>;
  readonly failed: string[];
}

function runImage(name: string, options: { model?: CpuModel; exactTlb?: boolean } = {}): GuestRun {
  const machine = new Machine({ model: options.model ?? "7400" });
  machine.cpu.mmu.exactTlb = options.exactTlb ?? false;
  const outcome = runBare(machine, loadImage(name), BUDGET);
  const output = machine.consoleOutput;
  const passed = new Set<string>();
  const failed: string[] = [];
  for (const line of output.split("\n")) {
    const match = /^(PASS|FAIL) (\S+)/.exec(line);
    if (match === null) continue;
    if (match[1] === "PASS") passed.add(match[2]);
    else failed.push(line);
  }
  return { machine, outcome, output, passed, failed };
}

/** Exit 0, no FAIL line, a summary that agrees, and every expected check among the passed. */
function expectAllPassed(run: GuestRun, expected: readonly string[]): void {
  expect(run.failed, run.output).toEqual([]);
  expect(run.outcome, run.output).toEqual({ kind: "exit", status: 0 });
  const summary = /^SUMMARY (\d+) checks, (\d+) failed$/m.exec(run.output);
  expect(summary, "the guest printed its summary").not.toBeNull();
  expect(Number(summary?.[2])).toBe(0);
  const missing = expected.filter((name) => !run.passed.has(name));
  expect(missing, "checks that did not report PASS").toEqual([]);
}

// --- the checks each program must report --------------------------------------------------------

const PRIVILEGED_PROBES: readonly [string, boolean][] = [
  ["mfmsr", true], ["mtmsr", false], ["rfi", false], ["mtsr", false], ["mfsr", true], ["mtsrin", false],
  ["mfsrin", true], ["tlbie", false], ["tlbsync", false], ["dcbi", false], ["mfspr_srr0", true],
  ["mtspr_srr0", false], ["mfspr_srr1", true], ["mfspr_sdr1", true], ["mtspr_sdr1", false],
  ["mfspr_sprg0", true], ["mtspr_sprg0", false], ["mfspr_dec", true], ["mtspr_dec", false],
  ["mfspr_dar", true], ["mfspr_dsisr", true], ["mfspr_pvr", true], ["mtspr_tbl", false],
  ["mtspr_tbu", false], ["mfspr_ibat0u", true], ["mtspr_dbat3l", false], ["mfspr_hid0", true],
  ["mtspr_ear", false],
];

const TRACE_CHECKS = [
  "traces", "exceptions-taken", "srr0.1", "srr0.2", "srr0.3-branch-target", "srr0.4", "srr0.5-blr-target",
  "vector", "srr1", "handler-msr", "result",
];

const EXCEPTION_CHECKS: readonly string[] = [
  "program.illegal", "program.trap.tw-equal", "program.trap.always", "program.trap.twi-logically-greater",
  "program.trap.condition-false",
  "sc.supervisor", "sc.supervisor.r0-seen-by-handler", "sc.supervisor.r3-seen-by-handler",
  "alignment.lmw-misaligned", "alignment.lwarx-misaligned", "alignment.stwcx-misaligned",
  "alignment.lwz-misaligned-no-exception", "alignment.lwz-misaligned-value",
  "alignment.lmw-aligned-no-exception", "alignment.lmw-aligned-value",
  "machine-check.load-from-nowhere",
  "fp-unavailable.fmr", "fp-unavailable.lfd", "fp-unavailable.not-with-msr-fp",
  "dsi.eciwx-ear-disabled",
  "iabr.before-instruction", "iabr.cleared-by-handler", "dabr.load-match", "dabr.store-match",
  "dabr.other-doubleword-no-match", "dabr.store-not-performed",
  "dsi.not-found.load", "dsi.not-found.store", "dsi.not-found.load.user",
  "isi.not-found", "isi.not-found.lr-is-return-address", "isi.not-found.resumed", "isi.not-found.user",
  ...PRIVILEGED_PROBES.flatMap(([name, moves]) => {
    const check = `privileged.user.${name}`;
    return moves ? [check, `${check}.suppressed`] : [check];
  }),
  "privileged.user.no-effect.sprg0", "privileged.user.no-effect.sdr1", "privileged.user.no-effect.sr14",
  "privileged.user.no-effect.ear", "privileged.user.no-effect.dbat3l",
  "privileged.supervisor.executes", "privileged.supervisor.sprg0", "privileged.supervisor.pvr-version",
  "user.lr-ctr-xer-mftb-allowed", "user.mfspr-lr", "user.ctr-round-trip",
  "program.illegal.user", "program.trap.user",
  "sc.user.exceptions-taken", "sc.user.vector", "sc.user.srr0", "sc.user.srr1", "sc.user.handler-msr",
  "sc.user.rfi-returned-to-user-state", "sc.user.rfi-returned-to-user-state.srr0",
  "sc.user.rfi-returned-to-user-state.srr1", "sc.user.r3-preserved",
  "timebase.frequency-register", "decrementer.counts-at-timebase-rate", "decrementer.went-negative",
  "decrementer.held-while-ee-clear", "decrementer.taken-when-ee-set", "decrementer.dec-negative-in-handler",
  "decrementer.periodic.arrived", "decrementer.periodic.count", "decrementer.periodic.spacing",
  "decrementer.periodic.srr0-in-interrupted-loop", "decrementer.periodic.dec-just-negative-at-entry",
  "decrementer.periodic.srr1", "decrementer.periodic.handler-msr",
  ...TRACE_CHECKS.map((check) => `trace.supervisor.${check}`),
  ...TRACE_CHECKS.map((check) => `trace.user.${check}`),
];

const KINDS = ["load", "store", "fetch"] as const;
const PP_NAMES = ["pp00", "pp01", "pp10", "pp11"];
/** OEA Table 7-10, as the guest also writes it: [key][pp] -> read, write. */
const PAGE_ACCESS = [
  [[true, true], [true, true], [true, true], [true, false]],
  [[false, false], [true, false], [true, true], [true, false]],
];

const MMU_CHECKS: readonly string[] = [
  "pteg.primary.slot3.load", "pteg.primary.slot3.fetch", "pteg.secondary.slot6.load-past-full-primary",
  "pteg.secondary.slot6.fetch", "pteg.primary-with-h1-not-found", "pteg.secondary-with-h0-not-found",
  "pteg.invalid-pte-not-found", "pteg.other-vsid-not-found", "pteg.not-found.store", "pteg.not-found.fetch",
  "pteg.not-found.load.user", "pteg.not-found.fetch.user",
  ...["supervisor", "user"].flatMap((state) =>
    [0, 1].flatMap((key) =>
      PP_NAMES.flatMap((pp, ppIndex) =>
        KINDS.flatMap((kind) => {
          const name = `protection.page.${state}.key${key}.${pp}.${kind}`;
          const storeDenied = kind === "store" && !PAGE_ACCESS[key][ppIndex][1];
          return storeDenied ? [name, `${name}.memory-unchanged`, `${name}.c-clear`] : [name];
        }),
      ),
    ),
  ),
  ...["supervisor", "user"].flatMap((state) =>
    PP_NAMES.flatMap((pp) => KINDS.map((kind) => `protection.block.${state}.${pp}.${kind}`)),
  ),
  "bat.vs-only.supervisor-uses-bat", "bat.vs-only.user-uses-page-table",
  "bat-over-pte.load", "bat-over-pte.fetch", "bat-over-pte.store", "bat-over-pte.pte-r-c-untouched",
  "bat-over-pte.user-uses-pte.load", "bat-over-pte.user-uses-pte.fetch", "bat-over-pte.dbat-off-uses-pte",
  "bat-over-pte.dbat-off-sets-r",
  "rc.page0.load", "rc.page0.after-load", "rc.page0.store", "rc.page0.after-store", "rc.page1.store",
  "rc.page1.after-store", "rc.page2.fetch", "rc.page2.after-fetch", "rc.page3.untouched",
  "rc.page0.store-after-c-cleared", "rc.page0.c-not-rewritten-before-tlbie", "rc.page0.store-after-tlbie",
  "rc.page0.c-set-after-tlbie", "rc.page0.load-after-rc-cleared", "rc.page0.r-set-again",
  "rc.page0.user-store", "rc.page0.after-user-store",
  "fault.no-execute-segment.fetch", "fault.no-execute-segment.fetch.user", "fault.no-execute-segment.load-allowed",
  "fault.direct-store-segment.load", "fault.direct-store-segment.store", "fault.direct-store-segment.fetch",
  "fault.guarded-page.fetch", "fault.guarded-page.load-allowed",
  "tlbie.first-load", "tlbie.stale-entry-used-until-tlbie", "tlbie.new-pte-after-tlbie", "tlbie.stale-again",
  "tlbie.other-class-keeps-entry", "tlbie.same-class-other-page-invalidates",
  "tlb.eviction.load-t", "tlb.eviction.load-t2", "tlb.eviction.load-t3", "tlb.eviction.t-refetched-from-table",
  "tlbie.fetch.first", "tlbie.fetch.stale-entry-used", "tlbie.fetch.new-pte-after-tlbie",
  "segment.new-vsid-translates-without-tlbie", "segment.old-vsid-back",
];

describe("bare-metal guest test programs", () => {
  for (const model of ["7400", "750"] as const) {
    it(`test-exceptions: every exception reports what the architecture defines (--cpu ${model})`, () => {
      expectAllPassed(runImage("test-exceptions", { model }), EXCEPTION_CHECKS);
    });

    it(`test-mmu: BATs, PTEG search, protection, R/C, DSI/ISI and tlbie (--cpu ${model})`, () => {
      expectAllPassed(runImage("test-mmu", { model }), MMU_CHECKS);
    });
  }

  it("test-mmu also passes with every access through the TLB model (exactTlb)", () => {
    const run = runImage("test-mmu", { exactTlb: true });
    expectAllPassed(run, MMU_CHECKS);
    expect(run.machine.cpu.mmu.dtlb.hits).toBeGreaterThan(0);
  });

  it("test-exceptions also passes with every access through the TLB model (exactTlb)", () => {
    expectAllPassed(runImage("test-exceptions", { exactTlb: true }), EXCEPTION_CHECKS);
  });
});

// --- the inspection API on the tables test-mmu left in RAM ---------------------------------------

interface InspectLine {
  readonly fields: Readonly<Record<string, string>>;
  readonly ea: number;
  readonly kind: AccessKind;
  readonly user: boolean;
}

function parseInspectLines(output: string): InspectLine[] {
  const kinds: Record<string, AccessKind> = { load: ACCESS_LOAD, store: ACCESS_STORE, fetch: ACCESS_FETCH };
  return output
    .split("\n")
    .filter((line) => line.startsWith("INSPECT "))
    .map((line) => {
      const fields = Object.fromEntries(line.slice(8).split(" ").map((pair) => pair.split("=") as [string, string]));
      return { fields, ea: Number(fields.ea), kind: kinds[fields.kind], user: fields.user === "1" };
    });
}

describe("the inspection API agrees with the translations test-mmu printed", () => {
  let run: GuestRun;
  let mmu: Mmu;
  let lines: InspectLine[] = [];
  beforeAll(() => {
    run = runImage("test-mmu");
    mmu = run.machine.cpu.mmu;
    lines = parseInspectLines(run.output);
  });

  /** Everything an inspection must leave alone: MMU counters, both TLBs, and the hash table's bytes. */
  const snapshot = (): string[] => {
    const sdr1 = mmu.spr[SPR.SDR1];
    const base = sdr1 & 0xffff0000;
    const size = ((sdr1 & 0x1ff) + 1) << 16;
    return [
      JSON.stringify(mmu.counters),
      JSON.stringify(mmu.itlb),
      JSON.stringify(mmu.dtlb),
      Buffer.from(mmu.phys.ram.subarray(base, base + size)).toString("base64"),
    ];
  };

  it("the guest ran to completion and left translation state behind", () => {
    expect(run.outcome, run.output).toEqual({ kind: "exit", status: 0 });
    const sdr1 = /^SDR1 (0x[0-9a-f]+)$/m.exec(run.output);
    expect(Number(sdr1?.[1])).toBe(mmu.spr[SPR.SDR1]);
    expect(lines.length).toBeGreaterThanOrEqual(25);
  });

  it("reports the same path, PTE slot, PTEG addresses, RPN, R, C or fault as the guest", () => {
    const before = snapshot();
    for (const line of lines) {
      const { fields } = line;
      const t = inspectTranslation(mmu, line.ea, line.kind, { relocate: true, user: line.user });
      const label = `INSPECT ${fields.name}`;
      if (fields.via === "page") {
        expect(t.fault, label).toBeUndefined();
        expect(t.via, label).toBe("page");
        expect(t.physicalAddress, label).toBe(Number(fields.pa));
        expect(t.walk?.primaryPteg, label).toBe(Number(fields.primary));
        expect(t.walk?.secondaryPteg, label).toBe(Number(fields.secondary));
        expect(t.walk?.pte?.address, label).toBe(Number(fields.pte));
        expect(t.walk?.pte?.slot, label).toBe(Number(fields.slot));
        expect(t.walk?.pte?.secondary, label).toBe(fields.h === "1");
        expect(t.walk?.pte?.rpn, label).toBe(Number(fields.rpn));
        expect(t.walk?.pte?.r, label).toBe(fields.r === "1");
        expect(t.walk?.pte?.c, label).toBe(fields.c === "1");
      } else if (fields.via === "bat") {
        expect(t.fault, label).toBeUndefined();
        expect(t.via, label).toBe("bat");
        expect(t.bat?.index, label).toBe(Number(fields.index));
        expect(t.physicalAddress, label).toBe(Number(fields.pa));
      } else {
        expect(t.fault?.reason, label).toBe(fields.fault);
        if (line.kind === ACCESS_FETCH) {
          expect(t.fault?.vector, label).toBe(0x400);
          expect(t.fault?.srr1Cause, label).toBe(Number(fields.srr1));
        } else {
          expect(t.fault?.vector, label).toBe(0x300);
          expect(t.fault?.dsisr, label).toBe(Number(fields.dsisr));
          expect(t.fault?.dar, label).toBe(line.ea);
        }
      }
    }
    expect(snapshot(), "inspection changed R/C, a TLB or a counter").toEqual(before);
  });

  it("covers every path: page hits in both PTEGs, BAT hits, and each fault reason", () => {
    const vias = new Set(lines.map((line) => line.fields.via ?? line.fields.fault));
    for (const path of ["page", "bat", "not-found", "protection", "no-execute", "direct-store", "guarded"]) {
      expect(vias.has(path), path).toBe(true);
    }
    expect(lines.some((line) => line.fields.h === "1")).toBe(true);
    expect(lines.some((line) => line.fields.c === "1")).toBe(true);
    expect(lines.some((line) => line.fields.r === "0")).toBe(true);
  });

  it("the guest's own translation agrees: loads in the host through the same walk read the guest's tags", () => {
    // The page the guest tagged 0x11110001 (primary PTEG test) is where the walk says it is.
    const primary = lines.find((line) => line.fields.name === "primary");
    expect(primary).toBeDefined();
    const pa = Number(primary?.fields.pa);
    expect(mmu.phys.read32(pa) >>> 0).toBe(0x11110001);
  });
});

// --- ppcmac run --bare as a process ----------------------------------------------------------------

describe("ppcmac run --bare", () => {
  let scratch = "";
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(REPO_ROOT, "dist", "cli", "main.js"), "run", "--bare", ...args], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 120_000,
    });
  const symbol = (image: string, name: string): number => {
    const found = loadImage(image).symbols.find((s) => s.name === name);
    if (found === undefined) throw new Error(`${image} has no symbol ${name}`);
    return found.value;
  };
  const field = (text: string, name: string): number => {
    const match = new RegExp(`${name}\\s+(0x[0-9a-f]+)`).exec(text);
    if (match === null) throw new Error(`no ${name} in: ${text}`);
    return Number(match[1]);
  };
  const noStackTrace = (text: string) => {
    expect(text).not.toMatch(/\n\s+at /);
    expect(text).not.toMatch(/internal error/);
  };

  beforeAll(() => {
    const build = spawnSync("npm", ["run", "build"], { cwd: REPO_ROOT, encoding: "utf8", timeout: 300_000 });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
    scratch = mkdtempSync(join(tmpdir(), "ppcmac-bare-"));
  });
  afterAll(() => {
    if (scratch !== "") rmSync(scratch, { recursive: true, force: true });
  });

  it("exits with the status the guest wrote to the power register", () => {
    const result = cli(imagePath("test-exit-status"));
    expect(result.stdout).toContain("test-exit-status: powering off with 42");
    expect(result.status).toBe(42);
    const checks = cli(imagePath("test-exceptions"));
    expect(checks.stdout).toMatch(/^SUMMARY \d+ checks, 0 failed$/m);
    expect(checks.status).toBe(0);
  });

  it("reports an unhandled program exception (illegal instruction) with SRR0/SRR1, status 125", () => {
    const result = cli(imagePath("test-unhandled-illegal"));
    expect(result.status).toBe(125);
    expect(result.stdout).toContain("executing an illegal instruction");
    expect(result.stdout).not.toContain("still running");
    expect(result.stderr).toMatch(/unhandled program\b/);
    expect(result.stderr).toMatch(/illegal instruction/);
    expect(field(result.stderr, "SRR0")).toBe(symbol("test-unhandled-illegal", "illegal_instruction"));
    // OEA 6.4.7: SRR1 = the MSR crt0 left (ME | FP) with the illegal-instruction bit 12.
    expect(field(result.stderr, "SRR1")).toBe(0x0000_1000 | 0x0000_2000 | 0x0008_0000);
    noStackTrace(result.stderr);
  });

  it("reports an unhandled DSI (unmapped address) with SRR0/SRR1/DAR/DSISR, status 125", () => {
    const result = cli(imagePath("test-unhandled-dsi"));
    expect(result.status).toBe(125);
    expect(result.stdout).not.toContain("still running");
    expect(result.stderr).toMatch(/unhandled DSI exception/);
    expect(field(result.stderr, "SRR0")).toBe(symbol("test-unhandled-dsi", "unmapped_load"));
    // SRR1 = MSR (ME | FP | DR); DAR = the EA; DSISR bit 1: no translation (OEA 6.4.3).
    expect(field(result.stderr, "SRR1")).toBe(0x0000_1000 | 0x0000_2000 | 0x0000_0010);
    expect(field(result.stderr, "DAR")).toBe(0x1234_5678);
    expect(field(result.stderr, "DSISR")).toBe(0x4000_0000);
    noStackTrace(result.stderr);
  });

  it("stops a runaway guest at --max-instructions, status 124", () => {
    const result = cli("--max-instructions", "200000", imagePath("test-runaway"));
    expect(result.status).toBe(124);
    expect(result.stdout).toContain("looping forever");
    expect(result.stderr).toMatch(/max-instructions/);
    noStackTrace(result.stderr);
  });

  it("rejects a malformed ELF with status 126 and one line of explanation", () => {
    const truncated = join(scratch, "truncated.elf");
    writeFileSync(truncated, readFileSync(imagePath("test-exit-status")).subarray(0, 60));
    const garbage = join(scratch, "not-an-elf.elf");
    writeFileSync(garbage, "this is not an ELF image\n");
    for (const path of [truncated, garbage]) {
      const result = cli(path);
      expect(result.status, result.stderr).toBe(126);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(/^ppcmac: /);
      noStackTrace(result.stderr);
    }
  });
});
