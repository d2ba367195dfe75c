/** Locating ../shared beside the checkout; tests that need it skip, saying why, when it is absent. */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SHARED_DIR = resolve(REPO_ROOT, "..", "shared");

/** Path of a file under ../shared, or undefined (with the reason logged once) when missing. */
export function sharedFile(relative: string): string | undefined {
  const path = join(SHARED_DIR, relative);
  if (existsSync(path)) return path;
  console.warn(`skipping: ${path} is absent (../shared is not beside this checkout)`);
  return undefined;
}
