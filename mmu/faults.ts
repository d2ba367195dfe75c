/**
 * The DSI and ISI each translation failure raises (OEA §6.4.3-6.4.4, MPC750 UM §4.5.3-4.5.4):
 * DSISR bits for data accesses, SRR1 cause bits for instruction fetches.
 */
import { GuestException, Vector } from "../cpu/exceptions.js";

export const ACCESS_LOAD = 0;
export const ACCESS_STORE = 1;
export const ACCESS_FETCH = 2;
export type AccessKind = typeof ACCESS_LOAD | typeof ACCESS_STORE | typeof ACCESS_FETCH;

export type FaultReason =
  /** No BAT and no PTE maps the address. */
  | "not-found"
  /** A BAT or PTE maps it, but its PP (with the segment key) forbids this access. */
  | "protection"
  /** Instruction fetch from a no-execute (N=1) segment. */
  | "no-execute"
  /** Instruction fetch from a guarded (G=1) page. */
  | "guarded"
  /** Access to a direct-store (T=1) segment, which the 750/7400 do not support. */
  | "direct-store";

export const DSISR_NOT_FOUND = 0x4000_0000;
export const DSISR_PROTECTION = 0x0800_0000;
/** The 750 reports a direct-store segment access as an unsupported-access DSI (DSISR bit 5). */
export const DSISR_DIRECT_STORE = 0x0400_0000;
export const DSISR_STORE = 0x0200_0000;
/** A data address breakpoint (DABR) match. */
export const DSISR_DABR = 0x0040_0000;

export const SRR1_ISI_NOT_FOUND = 0x4000_0000;
export const SRR1_ISI_NO_EXECUTE = 0x1000_0000;
export const SRR1_ISI_PROTECTION = 0x0800_0000;

export interface FaultDescription {
  readonly vector: typeof Vector.DSI | typeof Vector.ISI;
  /** DSISR for a DSI (0 for an ISI). */
  readonly dsisr: number;
  /** SRR1 cause bits for an ISI (0 for a DSI). */
  readonly srr1Cause: number;
  /** DAR for a DSI: the effective address. */
  readonly dar: number;
}

export function describeFault(reason: FaultReason, kind: AccessKind, ea: number): FaultDescription {
  if (kind === ACCESS_FETCH) {
    const srr1Cause =
      reason === "not-found" ? SRR1_ISI_NOT_FOUND : reason === "protection" ? SRR1_ISI_PROTECTION : SRR1_ISI_NO_EXECUTE;
    return { vector: Vector.ISI, dsisr: 0, srr1Cause, dar: 0 };
  }
  const cause = reason === "not-found" ? DSISR_NOT_FOUND : reason === "protection" ? DSISR_PROTECTION : DSISR_DIRECT_STORE;
  return { vector: Vector.DSI, dsisr: (cause | (kind === ACCESS_STORE ? DSISR_STORE : 0)) >>> 0, srr1Cause: 0, dar: ea >>> 0 };
}

export function translationFault(reason: FaultReason, kind: AccessKind, ea: number): GuestException {
  const fault = describeFault(reason, kind, ea);
  return new GuestException(fault.vector, fault.srr1Cause, fault.dar, fault.dsisr);
}
