/** The decoded-instruction cache stays coherent with memory: stores to code, icbi, loaders. */
import { describe, expect, it } from "vitest";
import { makeCpu } from "../support/cpu.js";

const LI = (rD: number, value: number) => ((14 << 26) | (rD << 21) | (value & 0xffff)) >>> 0; // addi rD,0,value
const BLR = 0x4e800020;

describe("decoded-instruction cache", () => {
  it("re-decodes a word the program stores over after it ran once", () => {
    const cpu = makeCpu();
    const { phys } = cpu.mmu;
    // 0x1000: li r3,1 ; blr   -- run it, then patch the li through a guest store and run again
    phys.write32(0x1000, LI(3, 1));
    phys.write32(0x1004, BLR);
    cpu.lr = 0x2000;
    cpu.pc = 0x1000;
    cpu.run(cpu.retired + 2);
    expect(cpu.gpr[3]).toBe(1);
    // 0x3000: stw r5,0(r6) with r5 = "li r3,2", r6 = 0x1000
    phys.write32(0x3000, 0x90a60000);
    cpu.gpr[5] = LI(3, 2);
    cpu.gpr[6] = 0x1000;
    cpu.pc = 0x3000;
    cpu.run(cpu.retired + 1);
    cpu.pc = 0x1000;
    cpu.run(cpu.retired + 2);
    expect(cpu.gpr[3]).toBe(2);
    expect(cpu.pc >>> 0).toBe(0x2000);
  });

  it("icbi invalidates the block so a word changed behind the cache's back is decoded afresh", () => {
    const cpu = makeCpu();
    const { phys } = cpu.mmu;
    phys.write32(0x1000, LI(3, 7));
    cpu.pc = 0x1000;
    cpu.run(cpu.retired + 1);
    expect(cpu.gpr[3]).toBe(7);
    // Change RAM without telling the cache (as a DMA engine would), then show icbi is needed.
    phys.ram.set([0x38, 0x60, 0x00, 0x09], 0x1000); // li r3,9
    cpu.pc = 0x1000;
    cpu.run(cpu.retired + 1);
    expect(cpu.gpr[3]).toBe(7);
    phys.write32(0x3000, 0x7c0037ac); // icbi 0,r6
    cpu.gpr[6] = 0x1000;
    cpu.pc = 0x3000;
    cpu.run(cpu.retired + 1);
    cpu.pc = 0x1000;
    cpu.run(cpu.retired + 1);
    expect(cpu.gpr[3]).toBe(9);
  });

  it("an illegal word raises the program exception with SRR1 bit 12 and SRR0 at the word", () => {
    const cpu = makeCpu();
    cpu.mmu.phys.write32(0x1000, 0);
    cpu.pc = 0x1000;
    cpu.run(cpu.retired + 1);
    expect(cpu.pc >>> 0).toBe(0x700);
    expect(cpu.spr[26]).toBe(0x1000);
    expect(cpu.spr[27] & 0x00080000).toBe(0x00080000);
  });
});
