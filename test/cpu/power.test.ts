/** Power management (MSR[POW] with HID0 doze/nap/sleep) and the decrementer (OEA §2.3.13). */
import { describe, expect, it } from "vitest";
import { makeCpu } from "../support/cpu.js";

describe("power management", () => {
  it("doze with the decrementer armed idles until it fires, then takes the interrupt", () => {
    const cpu = makeCpu();
    const { phys } = cpu.mmu;
    cpu.spr[1008] = 0x0080_0000; // HID0[DOZE]
    cpu.timeBase.writeDecrementer(cpu.cycles, 100);
    phys.write32(0x1000, 0x7c600124); // mtmsr r3
    cpu.gpr[3] = (1 << 18) | (1 << 15); // POW | EE
    const vectors: number[] = [];
    cpu.exceptionHook = (_cpu, vector) => {
      vectors.push(vector);
      cpu.stopRequested = true;
      return false;
    };
    cpu.pc = 0x1000;
    cpu.run(cpu.retired + 10);
    expect(vectors).toEqual([0x900]);
    expect(cpu.spr[26]).toBe(0x1004);
    expect(cpu.retired).toBe(1);
    // DEC went from 100 to -1: 101 time-base ticks of 16 cycles, all but one cycle idle
    expect(cpu.cycles).toBe(101 * 16);
  });

  it("sleep with no wake-up source halts the run", () => {
    const cpu = makeCpu();
    cpu.spr[1008] = 0x0020_0000; // HID0[SLEEP]
    cpu.mmu.phys.write32(0x1000, 0x7c600124);
    cpu.gpr[3] = 1 << 18;
    cpu.pc = 0x1000;
    expect(cpu.run(cpu.retired + 10)).toBe("stopped");
    expect(cpu.powerDownHalted).toBe(true);
  });
});

describe("decrementer", () => {
  it("a negative value written to DEC raises nothing until DEC wraps and goes negative again", () => {
    const cpu = makeCpu();
    cpu.timeBase.writeDecrementer(0, -5);
    // DEC[0] goes 1 -> 0 after 2^31 - 5 ticks, then 0 -> 1 at -1: 2^32 - 5 + 1 ticks after the write.
    expect(cpu.timeBase.decrementerDeadline()).toBe((2 ** 32 - 4) * 16);
  });

  it("keeps counting after it fires and fires again 2^32 ticks later", () => {
    const cpu = makeCpu();
    cpu.timeBase.writeDecrementer(0, 10);
    expect(cpu.timeBase.decrementerDeadline()).toBe(11 * 16);
    cpu.timeBase.update(11 * 16);
    expect(cpu.timeBase.decrementerPending).toBe(true);
    expect(cpu.timeBase.readDecrementer(11 * 16)).toBe(-1);
    expect(cpu.timeBase.decrementerDeadline()).toBe((11 + 2 ** 32) * 16);
  });

  it("reset returns the time base and decrementer to power-on state", () => {
    const cpu = makeCpu();
    cpu.timeBase.writeDecrementer(0, 10);
    cpu.timeBase.update(1000);
    cpu.reset();
    expect(cpu.timeBase.decrementerPending).toBe(false);
    expect(cpu.timeBase.read(0)).toBe(0n);
    expect(cpu.timeBase.decrementerDeadline()).toBe(16);
  });
});
