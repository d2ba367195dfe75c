/**
 * The benchmark workloads. Each is a guest program built twice from the same C source
 * (scripts/build-guest-images.sh): a bare-metal image for ppcmac and a static Linux program
 * for qemu-ppc. Adding a workload (for example the integer one with translation on) is adding
 * an entry here and its images to the build script.
 */
export interface Workload {
  /** Short name, as the guest prints it ("bench-<name>: checksum ..."). */
  readonly name: string;
  readonly description: string;
  /** Bare-metal image under images/, run by ppcmac. */
  readonly bareImage: string;
  /** Static Linux build of the same code under images/, run by qemu-ppc. */
  readonly linuxImage: string;
  /** Iterations by default: enough for about 1-3 s on the interpreter. */
  readonly defaultIterations: number;
  /**
   * Instruction budget per iteration, with ample headroom (a few times what one iteration
   * takes), so a guest stuck in a loop ends with a message instead of running on.
   */
  readonly instructionBudgetPerIteration: number;
  /**
   * Whether the benchmark fails when this workload does. Optional workloads exercise parts of
   * the CPU that may not exist yet; their failure is reported as "unavailable".
   */
  readonly required: boolean;
  /**
   * For a variant that runs another workload's code with address translation on: that
   * workload's name. The report then states what translation costs.
   */
  readonly translationOf?: string;
}

export const WORKLOADS: readonly Workload[] = [
  {
    name: "int",
    description: "integer: sieve, CRC-32, 16x16 matrix multiply, heapsort",
    bareImage: "bench-int.elf",
    linuxImage: "bench-int-linux.elf",
    defaultIterations: 800,
    instructionBudgetPerIteration: 2_000_000,
    required: true,
  },
  {
    name: "int-mmu",
    description: "the integer workload with translation on (page table for code and data, a BAT for the board)",
    bareImage: "bench-int-mmu.elf",
    linuxImage: "bench-int-linux.elf",
    defaultIterations: 800,
    instructionBudgetPerIteration: 2_000_000,
    required: true,
    translationOf: "int",
  },
  {
    name: "fp",
    description: "floating point (double): 12x12 matrix multiply, series sums",
    bareImage: "bench-fp.elf",
    linuxImage: "bench-fp-linux.elf",
    defaultIterations: 4000,
    instructionBudgetPerIteration: 400_000,
    required: false,
  },
];
