/** A bare CPU with RAM, for instruction-level tests. */
import { PhysicalMemory } from "../../board/physmem.js";
import { Cpu, type CpuModel } from "../../cpu/cpu.js";

/** A CPU in supervisor mode, translation off, exception vectors at 0 (MSR = 0). */
export function makeCpu(ramSize = 1 << 20, model: CpuModel = "7400"): Cpu {
  const cpu = new Cpu(new PhysicalMemory(ramSize), model);
  cpu.setMsr(0);
  return cpu;
}

/** Executes exactly one instruction word placed at `address`, in supervisor mode, real addressing. */
export function executeOne(cpu: Cpu, word: number, address = 0x1000): void {
  cpu.mmu.phys.write32(address, word);
  cpu.pc = address;
  cpu.run(cpu.retired + 1);
}
