/**
 * Little-endian mode (MSR[LE]) as the 750 implements it: address munging (EA XOR 8-size),
 * alignment exceptions for misaligned accesses and for string/multiple instructions, and munged
 * instruction fetch (PEM §3.1.3; MPC750 UM §3.1.2.2). The program's view must be little-endian.
 */
import { describe, expect, it } from "vitest";
import { MSR, SPR } from "../../cpu/spr.js";
import { makeCpu } from "../support/cpu.js";

const STW_R5_0_R6 = 0x90a60000;
const LBZ_R3_0_R6 = 0x88660000;
const LHZ_R4_0_R6 = 0xa0860000;
const LWZ_R7_1_R6 = 0x80e60001;
const LMW_R30_0_R6 = 0xbbc60000;

/** Places instruction words for little-endian fetch: the word for EA a sits at physical a ^ 4. */
function placeLE(cpu: ReturnType<typeof makeCpu>, base: number, words: number[]): void {
  words.forEach((word, i) => cpu.mmu.phys.write32((base + 4 * i) ^ 4, word));
}

describe("little-endian mode", () => {
  it("stores and loads appear little-endian to the program", () => {
    const cpu = makeCpu();
    placeLE(cpu, 0x1000, [STW_R5_0_R6, LBZ_R3_0_R6, LHZ_R4_0_R6]);
    cpu.setMsr(MSR.LE);
    cpu.gpr[5] = 0x11223344;
    cpu.gpr[6] = 0x2000;
    cpu.pc = 0x1000;
    cpu.run(cpu.retired + 3);
    expect(cpu.gpr[3]).toBe(0x44); // least significant byte at the lowest address
    expect(cpu.gpr[4]).toBe(0x3344);
    // In memory the word sits munged: big-endian at EA ^ 4.
    expect(cpu.mmu.phys.read32(0x2004) >>> 0).toBe(0x11223344);
  });

  it("misaligned accesses and load multiple take the alignment exception with DAR and DSISR", () => {
    for (const [word, ea] of [[LWZ_R7_1_R6, 0x2001], [LMW_R30_0_R6, 0x2000]] as const) {
      const cpu = makeCpu();
      placeLE(cpu, 0x1000, [word]);
      cpu.setMsr(MSR.LE | MSR.ILE);
      cpu.gpr[6] = 0x2000;
      cpu.pc = 0x1000;
      cpu.run(cpu.retired + 1);
      expect(cpu.pc >>> 0).toBe(0x600);
      expect(cpu.spr[SPR.SRR0]).toBe(0x1000);
      expect(cpu.spr[SPR.DAR]).toBe(ea);
      // DSISR[22-26] = rD, [27-31] = rA
      expect(cpu.spr[SPR.DSISR] & 0x3ff).toBe((((word >>> 21) & 31) << 5) | 6);
      expect(cpu.msr & MSR.LE).toBe(MSR.LE); // ILE selects little-endian for the handler
    }
  });
});
