/** Special-purpose register numbers (MPC750 UM Table 2-1 ... 2-3; MPC7400 UM §2.1). */
export const SPR = {
  XER: 1,
  LR: 8,
  CTR: 9,
  DSISR: 18,
  DAR: 19,
  DEC: 22,
  SDR1: 25,
  SRR0: 26,
  SRR1: 27,
  SPRG0: 272,
  SPRG1: 273,
  SPRG2: 274,
  SPRG3: 275,
  EAR: 282,
  TBL_WRITE: 284,
  TBU_WRITE: 285,
  PVR: 287,
  HID0: 1008,
  HID1: 1009,
  /** Instruction and data address breakpoints (MPC750 UM §2.1.2). */
  IABR: 1010,
  DABR: 1013,
  /** mftb's time-base registers (TBR numbers, read through mftb, not mfspr). */
  TBL_READ: 268,
  TBU_READ: 269,
} as const;

/** MSR bits (OEA §2.3.1; MPC750 UM Table 2-4). */
export const MSR = {
  POW: 1 << 18,
  ILE: 1 << 16,
  EE: 1 << 15,
  PR: 1 << 14,
  FP: 1 << 13,
  ME: 1 << 12,
  FE0: 1 << 11,
  SE: 1 << 10,
  BE: 1 << 9,
  FE1: 1 << 8,
  IP: 1 << 6,
  IR: 1 << 5,
  DR: 1 << 4,
  PM: 1 << 2,
  RI: 1 << 1,
  LE: 1 << 0,
} as const;

/** MSR bits copied into SRR1 on an exception: bits 16-23, 25-27 and 30-31 (OEA §6.4). */
export const SRR1_MSR_MASK = 0x0000ff73;

/** XER bits (UISA §3.2.2). Only SO, OV, CA and the byte count are implemented on the 750/7400. */
export const XER = {
  SO: 1 << 31,
  OV: 1 << 30,
  CA: 1 << 29,
  BYTE_COUNT: 0x7f,
} as const;

/** An SPR whose number has bit 0 of its upper half set (spr[0] = 1) is supervisor-only. */
export const isSupervisorSpr = (spr: number): boolean => (spr & 0x10) !== 0;
