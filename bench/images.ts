/**
 * Where the committed guest images are (images/ at the repository root), from this module's own
 * location, so the benchmark finds them whether it runs from bench/*.ts or dist/bench/*.js.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findImagesDirectory(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(directory, "package.json")) && existsSync(join(directory, "images"))) {
      return join(directory, "images");
    }
    const parent = dirname(directory);
    if (parent === directory) throw new Error("cannot find the images/ directory above " + fileURLToPath(import.meta.url));
    directory = parent;
  }
}

let imagesDirectory: string | undefined;

/** Path of a committed guest image, by file name (for example "bench-int.elf"). */
export function guestImagePath(name: string): string {
  imagesDirectory ??= findImagesDirectory();
  return join(imagesDirectory, name);
}
