/**
 * The decoded-instruction cache: each physical page of code is decoded one word at a time, on
 * first execution, into the handler that runs it. Stores to a cached page (the physical memory
 * flags such pages) and icbi put the touched words back to "undecoded", so self-modifying code
 * and loaders stay coherent. Keyed by physical address, so it survives changes of translation.
 */
import { PAGE_SHIFT, PAGE_SIZE, type PhysicalMemory } from "../board/physmem.js";
import { GuestException, Vector } from "./exceptions.js";
import type { Handler } from "./isa.js";
import { decode } from "./decoder.js";
import type { Cpu } from "./cpu.js";

const WORDS_PER_PAGE = PAGE_SIZE >>> 2;

export class DecodedPage {
  /** Handler for each word; `decodeOnFirstUse` until the word has been decoded. */
  readonly handlers: Handler[] = new Array<Handler>(WORDS_PER_PAGE).fill(decodeOnFirstUse);
  /** The instruction words, as decoded. */
  readonly words = new Int32Array(WORDS_PER_PAGE);
  /** Index into INSTRUCTIONS of each decoded word (-1: illegal), for the timing model and debugger. */
  readonly ids = new Int16Array(WORDS_PER_PAGE).fill(-1);

  constructor(readonly physicalBase: number) {}
}

/** Runs in place of a handler that has not been decoded yet: decode, cache, then execute. */
function decodeOnFirstUse(cpu: Cpu, _op: number): void {
  const page = cpu.fetchPage;
  const index = ((cpu.cia ^ cpu.fetchMunge) >>> 2) & (WORDS_PER_PAGE - 1);
  const word = cpu.mmu.phys.read32(page.physicalBase + (index << 2));
  const decoded = decode(word);
  page.words[index] = word;
  page.handlers[index] = decoded.handler;
  page.ids[index] = decoded.id;
  decoded.handler(cpu, word);
}

export class DecodeCache {
  private readonly pages: (DecodedPage | undefined)[];

  constructor(private readonly phys: PhysicalMemory) {
    this.pages = new Array<DecodedPage | undefined>(phys.ramSize >>> PAGE_SHIFT);
    phys.onCodeWrite((pa, length) => this.invalidate(pa, length));
  }

  /** The decoded page holding physical address `pa`. Fetching outside RAM is a machine check. */
  page(pa: number): DecodedPage {
    const ppn = pa >>> PAGE_SHIFT;
    let page = this.pages[ppn];
    if (page === undefined) {
      if (ppn >= this.pages.length) throw new GuestException(Vector.MachineCheck, 0);
      page = new DecodedPage(ppn << PAGE_SHIFT);
      this.pages[ppn] = page;
      this.phys.codePages[ppn] = 1;
    }
    return page;
  }

  /** Forgets the decoding of every word overlapping [pa, pa + length). */
  invalidate(pa: number, length: number): void {
    const first = pa >>> 2;
    const last = (pa + length - 1) >>> 2;
    for (let word = first; word <= last; word++) {
      const page = this.pages[word >>> (PAGE_SHIFT - 2)];
      if (page === undefined) {
        word |= WORDS_PER_PAGE - 1; // skip to the end of this uncached page
        continue;
      }
      const index = word & (WORDS_PER_PAGE - 1);
      page.handlers[index] = decodeOnFirstUse;
      page.ids[index] = -1;
    }
  }

  /** The instruction description id cached for a physical address, or -1. */
  idAt(pa: number): number {
    const page = this.pages[pa >>> PAGE_SHIFT];
    return page === undefined ? -1 : page.ids[(pa >>> 2) & (WORDS_PER_PAGE - 1)];
  }
}
