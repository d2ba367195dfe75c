/**
 * The OEA MMU driven from the host: page tables and BATs are written into RAM and SPRs directly,
 * then loads, stores and fetches run through the CPU with translation on. The expected values
 * are worked out here from the architecture's rules (OEA chapter 7), not read back from ppcmac.
 */
import { describe, expect, it } from "vitest";
import { Cpu } from "../../cpu/cpu.js";
import { Vector } from "../../cpu/exceptions.js";
import { MSR, SPR } from "../../cpu/spr.js";
import { ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE } from "../../mmu/faults.js";
import { inspectTranslation } from "../../mmu/inspect.js";
import { executeOne, makeCpu } from "../support/cpu.js";

const HTAB = 0x0010_0000; // 64 KB table at 1 MB
const SDR1_VALUE = HTAB; // HTABMASK 0: the minimum table

/** Independent reimplementation of the hash (OEA §7.6.1.3) for the test's own PTE placement. */
function ptegFor(vsid: number, ea: number, secondary: boolean): number {
  let hash = ((vsid & 0x7ffff) ^ ((ea >>> 12) & 0xffff)) >>> 0;
  if (secondary) hash = ~hash & 0x7ffff;
  return (HTAB | ((hash & 0x3ff) << 6)) >>> 0; // HTABMASK = 0
}

function putPte(cpu: Cpu, vsid: number, ea: number, pa: number, pp: number, opts: { slot?: number; secondary?: boolean; wimg?: number } = {}): number {
  const slot = opts.slot ?? 0;
  const secondary = opts.secondary ?? false;
  const address = ptegFor(vsid, ea, secondary) + slot * 8;
  const word0 = (0x80000000 | (vsid << 7) | (secondary ? 0x40 : 0) | ((ea >>> 22) & 0x3f)) >>> 0;
  const word1 = ((pa & 0xfffff000) | ((opts.wimg ?? 0) << 3) | pp) >>> 0;
  cpu.mmu.phys.write32(address + 4, word1);
  cpu.mmu.phys.write32(address, word0);
  return address;
}

function translatedCpu(user = false): Cpu {
  const cpu = makeCpu(4 << 20);
  cpu.spr[SPR.SDR1] = SDR1_VALUE;
  for (let i = 0; i < 16; i++) cpu.sr[i] = 0x100 + i; // VSID 0x100+i, Ks=Kp=0
  // Code lives at 0x2000 through a supervisor/user BAT so fetches need no PTEs.
  cpu.spr[528] = 0x0000_0003; // IBAT0U: BEPI 0, 128 KB, Vs=Vp=1
  cpu.spr[529] = 0x0000_0002; // IBAT0L: BRPN 0, PP=10
  cpu.setMsr(MSR.IR | MSR.DR | (user ? MSR.PR : 0));
  cpu.mmu.flushTranslationCache();
  return cpu;
}

/** Runs one instruction with translation on; returns the exception vector taken, if any. */
function step(cpu: Cpu, word: number): number | undefined {
  const before = cpu.exceptionsTaken;
  let taken: number | undefined;
  cpu.exceptionHook = (_c, vector) => {
    taken = vector;
    return false;
  };
  executeOne(cpu, word, 0x2000);
  cpu.exceptionHook = undefined;
  return cpu.exceptionsTaken > before ? taken : undefined;
}

const LWZ_R3_0_R4 = 0x80640000; // lwz r3,0(r4)
const STW_R5_0_R4 = 0x90a40000; // stw r5,0(r4)

describe("hashed page table", () => {
  it("translates through a primary-PTEG PTE and sets R, then C on a store", () => {
    const cpu = translatedCpu();
    const ea = 0x3456_7000;
    const pteAddr = putPte(cpu, 0x103, ea, 0x0020_0000, 2);
    cpu.mmu.phys.write32(0x0020_0010, 0xdeadbeef);
    cpu.gpr[4] = ea + 0x10;
    expect(step(cpu, LWZ_R3_0_R4)).toBeUndefined();
    expect(cpu.gpr[3] >>> 0).toBe(0xdeadbeef);
    let word1 = cpu.mmu.phys.read32(pteAddr + 4) >>> 0;
    expect(word1 & 0x100).toBe(0x100); // R
    expect(word1 & 0x80).toBe(0); // C still clear
    cpu.gpr[5] = 0x1234;
    expect(step(cpu, STW_R5_0_R4)).toBeUndefined();
    word1 = cpu.mmu.phys.read32(pteAddr + 4) >>> 0;
    expect(word1 & 0x80).toBe(0x80);
    expect(cpu.mmu.phys.read32(0x0020_0010)).toBe(0x1234);
  });

  it("finds a PTE in the secondary PTEG (H=1) after probing all eight primary slots", () => {
    const cpu = translatedCpu();
    const ea = 0x1000_5000;
    putPte(cpu, 0x101, ea, 0x0030_0000, 2, { secondary: true, slot: 3 });
    cpu.mmu.phys.write32(0x0030_0000, 77);
    cpu.gpr[4] = ea;
    const before = cpu.mmu.ptesProbed;
    expect(step(cpu, LWZ_R3_0_R4)).toBeUndefined();
    expect(cpu.gpr[3]).toBe(77);
    expect(cpu.mmu.ptesProbed - before).toBe(8 + 4);
  });

  it("raises DSI with DSISR 0x40000000 / 0x42000000 and DAR for a missing PTE", () => {
    const cpu = translatedCpu();
    cpu.gpr[4] = 0x5000_1234;
    expect(step(cpu, LWZ_R3_0_R4)).toBe(Vector.DSI);
    expect(cpu.spr[SPR.DSISR] >>> 0).toBe(0x40000000);
    expect(cpu.spr[SPR.DAR] >>> 0).toBe(0x5000_1234);
    expect(cpu.spr[SPR.SRR0] >>> 0).toBe(0x2000);
    expect(cpu.pc >>> 0).toBe(0x300);
    const cpu2 = translatedCpu();
    cpu2.gpr[4] = 0x5000_1234;
    expect(step(cpu2, STW_R5_0_R4)).toBe(Vector.DSI);
    expect(cpu2.spr[SPR.DSISR] >>> 0).toBe(0x42000000);
  });

  it("applies every key/PP combination to loads and stores (OEA Table 7-10)", () => {
    // [key, pp] -> [load allowed, store allowed]
    const table: [number, number, boolean, boolean][] = [
      [0, 0, true, true], [0, 1, true, true], [0, 2, true, true], [0, 3, true, false],
      [1, 0, false, false], [1, 1, true, false], [1, 2, true, true], [1, 3, true, false],
    ];
    for (const [key, pp, loadOk, storeOk] of table) {
      for (const user of [false, true]) {
        const cpu = translatedCpu(user);
        const ea = 0x2000_3000;
        // The key comes from Kp in user state and Ks in supervisor state; set the other opposite.
        const ks = user ? 1 - key : key;
        const kp = user ? key : 1 - key;
        cpu.sr[2] = (0x102 | (ks ? 0x40000000 : 0) | (kp ? 0x20000000 : 0)) >>> 0;
        putPte(cpu, 0x102, ea, 0x0024_0000, pp);
        cpu.gpr[4] = ea;
        expect(step(cpu, LWZ_R3_0_R4), `load key ${key} pp ${pp} user ${user}`).toBe(loadOk ? undefined : Vector.DSI);
        if (!loadOk) expect(cpu.spr[SPR.DSISR] >>> 0).toBe(0x08000000);
        const cpu2 = translatedCpu(user);
        cpu2.sr[2] = cpu.sr[2];
        putPte(cpu2, 0x102, ea, 0x0024_0000, pp);
        cpu2.gpr[4] = ea;
        expect(step(cpu2, STW_R5_0_R4), `store key ${key} pp ${pp} user ${user}`).toBe(storeOk ? undefined : Vector.DSI);
        if (!storeOk) expect(cpu2.spr[SPR.DSISR] >>> 0).toBe(0x0a000000);
      }
    }
  });

  it("gives a BAT priority over the page table", () => {
    const cpu = translatedCpu();
    const ea = 0x4000_0000;
    putPte(cpu, 0x104, ea, 0x0020_0000, 2);
    cpu.spr[536] = 0x4000_0002; // DBAT0U: BEPI 0x40000000, 128 KB, Vs
    cpu.spr[537] = 0x0030_0002; // DBAT0L: BRPN 0x00300000, PP=10
    cpu.mmu.flushTranslationCache();
    cpu.mmu.phys.write32(0x0020_0000, 1);
    cpu.mmu.phys.write32(0x0030_0000, 2);
    cpu.gpr[4] = ea;
    expect(step(cpu, LWZ_R3_0_R4)).toBeUndefined();
    expect(cpu.gpr[3]).toBe(2);
  });

  it("raises ISI for a no-execute segment and for a missing page", () => {
    const cpu = translatedCpu();
    cpu.spr[528] = 0; // no IBAT: fetches use the page table
    cpu.mmu.flushTranslationCache();
    cpu.sr[0] = 0x1000_0100; // N=1
    cpu.pc = 0x2000;
    cpu.run(cpu.retired + 1);
    expect(cpu.pc >>> 0).toBe(Vector.ISI);
    expect(cpu.spr[SPR.SRR1] & 0x1000_0000).toBe(0x1000_0000);
    expect(cpu.spr[SPR.SRR0]).toBe(0x2000);
    const cpu2 = translatedCpu();
    cpu2.spr[528] = 0;
    cpu2.mmu.flushTranslationCache();
    cpu2.pc = 0x2000;
    cpu2.run(cpu2.retired + 1);
    expect(cpu2.pc >>> 0).toBe(Vector.ISI);
    expect(cpu2.spr[SPR.SRR1] & 0x4000_0000).toBe(0x4000_0000);
  });

  it("tlbie makes a changed PTE take effect; without it the TLB keeps the old one", () => {
    const cpu = translatedCpu();
    cpu.mmu.exactTlb = true;
    const ea = 0x3000_0000;
    const pte = putPte(cpu, 0x103, ea, 0x0020_0000, 2);
    cpu.mmu.phys.write32(0x0020_0000, 1);
    cpu.mmu.phys.write32(0x0021_0000, 2);
    cpu.gpr[4] = ea;
    step(cpu, LWZ_R3_0_R4);
    expect(cpu.gpr[3]).toBe(1);
    cpu.mmu.phys.write32(pte + 4, 0x0021_0002); // remap to 0x210000
    step(cpu, LWZ_R3_0_R4);
    expect(cpu.gpr[3]).toBe(1); // stale TLB entry, as on hardware
    cpu.gpr[6] = ea;
    step(cpu, 0x7c003264); // tlbie r6
    step(cpu, LWZ_R3_0_R4);
    expect(cpu.gpr[3]).toBe(2);
  });

  it("counts TLB hits and misses with the real geometry (2 ways per congruence class)", () => {
    const cpu = translatedCpu();
    cpu.mmu.exactTlb = true;
    // Three pages in the same congruence class (same EA[14-19]) evict each other (LRU).
    const eas = [0x3000_0000, 0x3004_0000, 0x3008_0000];
    eas.forEach((ea, i) => putPte(cpu, 0x103, ea, 0x0020_0000 + i * 0x1000, 2));
    const load = (ea: number) => {
      cpu.gpr[4] = ea;
      step(cpu, LWZ_R3_0_R4);
    };
    load(eas[0]); // miss
    load(eas[1]); // miss
    load(eas[0]); // hit
    load(eas[2]); // miss, evicts eas[1] (LRU)
    load(eas[0]); // hit
    load(eas[1]); // miss
    expect(cpu.mmu.dtlb.hits).toBe(2);
    expect(cpu.mmu.dtlb.misses).toBe(4);
  });
});

describe("accesses that cross a page", () => {
  it("a store faulting on both pages reports the first page, and stores nothing (OEA §6.4.3)", () => {
    const cpu = translatedCpu();
    const ea = 0x3000_0ffe; // stw across 0x30000000 and 0x30001000, neither mapped
    cpu.gpr[4] = ea;
    expect(step(cpu, STW_R5_0_R4)).toBe(Vector.DSI);
    expect(cpu.spr[SPR.DAR]).toBe(ea);
  });

  it("a store whose second page faults writes nothing to the first page", () => {
    const cpu = translatedCpu();
    const ea = 0x3000_0ffe;
    putPte(cpu, 0x103, ea, 0x0020_0000, 2);
    cpu.gpr[4] = ea;
    cpu.gpr[5] = 0x11223344;
    expect(step(cpu, STW_R5_0_R4)).toBe(Vector.DSI);
    expect(cpu.spr[SPR.DAR] >>> 0).toBe(0x3000_1000);
    expect(cpu.mmu.phys.read16(0x0020_0ffe)).toBe(0);
  });
});

describe("dcbz", () => {
  const DCBZ_0_R4 = 0x7c0027ec; // dcbz 0,r4

  it("zeroes the 32-byte block of a cacheable page", () => {
    const cpu = translatedCpu();
    const ea = 0x3000_0040;
    putPte(cpu, 0x103, ea, 0x0020_0000, 2);
    for (let i = 0; i < 64; i += 4) cpu.mmu.phys.write32(0x0020_0040 + i - 16, 0x11111111);
    cpu.gpr[4] = ea + 8;
    expect(step(cpu, DCBZ_0_R4)).toBeUndefined();
    expect(cpu.mmu.phys.read32(0x0020_0040)).toBe(0);
    expect(cpu.mmu.phys.read32(0x0020_005c)).toBe(0);
    expect(cpu.mmu.phys.read32(0x0020_003c)).toBe(0x11111111); // outside the block
    expect(cpu.mmu.phys.read32(0x0020_0060)).toBe(0x11111111);
  });

  it("a DABR match anywhere in the block faults before any byte is zeroed", () => {
    const cpu = translatedCpu();
    const ea = 0x3000_0040;
    putPte(cpu, 0x103, ea, 0x0020_0000, 2);
    for (let i = 0; i < 32; i += 4) cpu.mmu.phys.write32(0x0020_0040 + i, 0x33333333);
    cpu.spr[SPR.DABR] = (ea + 24) | 0x4 | 0x2; // the last doubleword of the block, BT=1 (DR on), stores
    cpu.mmu.setDabr(cpu.spr[SPR.DABR]);
    cpu.gpr[4] = ea;
    expect(step(cpu, DCBZ_0_R4)).toBe(Vector.DSI);
    expect(cpu.spr[SPR.DSISR] >>> 0).toBe(0x02400000);
    for (let i = 0; i < 32; i += 4) expect(cpu.mmu.phys.read32(0x0020_0040 + i)).toBe(0x33333333);
  });

  it("takes the alignment exception on a caching-inhibited or write-through page (MPC750 UM §4.5.6)", () => {
    for (const wimg of [0b0100, 0b1000]) {
      const cpu = translatedCpu();
      const ea = 0x3000_0040;
      putPte(cpu, 0x103, ea, 0x0020_0000, 2, { wimg });
      cpu.mmu.phys.write32(0x0020_0040, 0x22222222);
      cpu.gpr[4] = ea;
      expect(step(cpu, DCBZ_0_R4)).toBe(0x600);
      expect(cpu.spr[SPR.DAR]).toBe(ea);
      expect(cpu.mmu.phys.read32(0x0020_0040)).toBe(0x22222222);
    }
  });
});

describe("software translation cache", () => {
  it("leaves the TLB model's misses, table searches and LRU exactly as with every access through it", () => {
    // Pages in one congruence class (same EA[14-19]) and in others, touched in an order where
    // LRU decides what is evicted; each access repeated so the cache has hits to skip.
    const pages = [0x3000_0000, 0x3004_0000, 0x3008_0000, 0x3000_1000, 0x300c_0000];
    const order = [0, 1, 0, 0, 2, 1, 3, 0, 4, 2, 2, 1, 0, 3, 4, 4, 1];
    const run = (exact: boolean) => {
      const cpu = translatedCpu();
      cpu.mmu.exactTlb = exact;
      pages.forEach((ea, i) => putPte(cpu, 0x103, ea, 0x0020_0000 + i * 0x1000, 2));
      for (const i of order) {
        for (let repeat = 0; repeat < 3; repeat++) {
          cpu.gpr[4] = pages[i];
          step(cpu, LWZ_R3_0_R4);
        }
      }
      return { misses: cpu.mmu.dtlb.misses, searches: cpu.mmu.tableSearches, probed: cpu.mmu.ptesProbed };
    };
    const exact = run(true);
    expect(exact.misses).toBeGreaterThan(pages.length); // evictions happened
    expect(run(false)).toEqual(exact);
  });
});

describe("inspection API", () => {
  it("describes the walk and leaves R/C, the TLB and the counters untouched", () => {
    const cpu = translatedCpu();
    const ea = 0x3456_7010;
    const pteAddr = putPte(cpu, 0x103, ea, 0x0020_0000, 2, { slot: 5 });
    const before = JSON.stringify([cpu.mmu.counters, cpu.mmu.dtlb.occupancy]);
    const t = inspectTranslation(cpu.mmu, ea, ACCESS_STORE);
    expect(t.fault).toBeUndefined();
    expect(t.via).toBe("page");
    expect(t.physicalAddress).toBe(0x0020_0010);
    expect(t.segment?.vsid).toBe(0x103);
    expect(t.walk?.pte?.slot).toBe(5);
    expect(t.walk?.pte?.address).toBe(pteAddr);
    expect(t.walk?.primaryPteg).toBe(ptegFor(0x103, ea, false));
    expect(t.walk?.secondaryPteg).toBe(ptegFor(0x103, ea, true));
    expect(t.walk?.pte?.r).toBe(false);
    expect(cpu.mmu.phys.read32(pteAddr + 4) & 0x180).toBe(0);
    expect(JSON.stringify([cpu.mmu.counters, cpu.mmu.dtlb.occupancy])).toBe(before);
    const miss = inspectTranslation(cpu.mmu, 0x5000_0000, ACCESS_LOAD);
    expect(miss.fault?.reason).toBe("not-found");
    expect(miss.fault?.dsisr).toBe(0x40000000);
    const fetch = inspectTranslation(cpu.mmu, 0x5000_0000, ACCESS_FETCH, { relocate: true });
    expect(fetch.via).toBe("page");
    expect(fetch.fault?.srr1Cause).toBe(0x40000000);
  });
});
