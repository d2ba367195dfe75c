/** Every instruction ppcmac implements, one description per mnemonic. */
import type { InstructionDescription } from "../isa.js";
import { BRANCH_INSTRUCTIONS } from "./branch.js";
import { CONDITION_INSTRUCTIONS } from "./condition.js";
import { FLOAT_INSTRUCTIONS } from "./float.js";
import { INTEGER_INSTRUCTIONS } from "./integer.js";
import { LOAD_STORE_INSTRUCTIONS } from "./loadstore.js";
import { MEMORY_MANAGEMENT_INSTRUCTIONS } from "./memory-management.js";
import { SYSTEM_INSTRUCTIONS } from "./system.js";

export const INSTRUCTIONS: readonly InstructionDescription[] = [
  ...INTEGER_INSTRUCTIONS,
  ...CONDITION_INSTRUCTIONS,
  ...BRANCH_INSTRUCTIONS,
  ...LOAD_STORE_INSTRUCTIONS,
  ...SYSTEM_INSTRUCTIONS,
  ...MEMORY_MANAGEMENT_INSTRUCTIONS,
  ...FLOAT_INSTRUCTIONS,
];
