/** IABR and DABR (MPC750 UM §2.1.2, §4.5.13, §4.5.3): hardware breakpoints a debugger uses. */
import { describe, expect, it } from "vitest";
import { SPR } from "../../cpu/spr.js";
import { makeCpu } from "../support/cpu.js";

const NOP = 0x60000000;
const STW_R5_4_R6 = 0x90a60004;
const LWZ_R3_4_R6 = 0x80660004;

describe("instruction address breakpoint", () => {
  it("stops before the instruction at IABR with SRR0 pointing at it", () => {
    const cpu = makeCpu();
    for (let a = 0x1000; a < 0x1010; a += 4) cpu.mmu.phys.write32(a, NOP);
    cpu.spr[SPR.IABR] = 0x1008 | 2; // BE=1, TE=0 (translation off)
    cpu.pc = 0x1000;
    cpu.run(cpu.retired + 3);
    expect(cpu.retired).toBe(2);
    expect(cpu.pc >>> 0).toBe(0x1300);
    expect(cpu.spr[SPR.SRR0]).toBe(0x1008);
  });

  it("is ignored while MSR[IR] differs from IABR[TE]", () => {
    const cpu = makeCpu();
    for (let a = 0x1000; a < 0x1010; a += 4) cpu.mmu.phys.write32(a, NOP);
    cpu.spr[SPR.IABR] = 0x1008 | 3; // TE=1 but translation is off
    cpu.pc = 0x1000;
    cpu.run(cpu.retired + 3);
    expect(cpu.pc >>> 0).toBe(0x100c);
  });
});

describe("data address breakpoint", () => {
  it("a store to the watched doubleword raises DSI with DSISR bit 9 and the store bit, before storing", () => {
    const cpu = makeCpu();
    cpu.mmu.phys.write32(0x1000, STW_R5_4_R6);
    cpu.mmu.phys.write32(0x1004, LWZ_R3_4_R6);
    cpu.gpr[5] = 0x55;
    cpu.gpr[6] = 0x2000;
    // mtspr DABR through the instruction path, so the MMU is told
    cpu.mmu.phys.write32(0x3000, 0x7ce00000 | ((1013 & 31) << 16) | ((1013 >> 5) << 11) | (467 << 1)); // mtspr DABR,r7
    cpu.gpr[7] = 0x2000 | 2; // DW: stores only, BT=0
    cpu.pc = 0x3000;
    cpu.run(cpu.retired + 1);
    cpu.pc = 0x1000;
    cpu.run(cpu.retired + 1);
    expect(cpu.pc >>> 0).toBe(0x300);
    expect(cpu.spr[SPR.DSISR] >>> 0).toBe(0x02400000);
    expect(cpu.spr[SPR.DAR]).toBe(0x2004);
    expect(cpu.mmu.phys.read32(0x2004)).toBe(0); // not stored
    // Loads are not watched with DR=0.
    cpu.pc = 0x1004;
    cpu.run(cpu.retired + 1);
    expect(cpu.pc >>> 0).toBe(0x1008);
  });
});
