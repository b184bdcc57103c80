import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it, vi } from "vitest";
import { readVolume } from "../src/io/read-volume.js";
import { runRadlab } from "./built-cli.js";
import { REPO_ROOT } from "./reference.js";

const dir = mkdtempSync(join(tmpdir(), "radlab-messages-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const info = (file: string) => runRadlab("info", file);

describe("a file that is not a volume: expected vs found", () => {
  const text = `${"a text file renamed as a volume. ".repeat(20)}\n`;

  it.each([
    ["notes.nii.gz", Buffer.from(text), 'expected gzip data (a .nii.gz starts with bytes 1f 8b), found 61 20 74 65 78 74 20 66 ("a text f")'],
    ["notes.nrrd", Buffer.from(text), 'expected a NRRD header (first line "NRRD0001" … "NRRD0005"), found 61 20 74 65 78 74 20 66 ("a text f")'],
    [
      "notes.nii",
      Buffer.from(text),
      'expected a NIfTI header (sizeof_hdr 348 and magic "n+1" at byte 344, or 540 and "n+2" at byte 4), found sizeof_hdr 1702109281 (61 20 74 65 ("a te"))',
    ],
    ["short.nii", Buffer.from("tiny"), "found 4 bytes in all, starting 74 69 6e 79"],
    ["packed.nii.gz", gzipSync(Buffer.from(text)), "inside the gzip data, expected a NIfTI header"],
  ])("%s", async (name, bytes, expected) => {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    const { code, stderr } = await info(file);
    expect(code).toBe(2);
    expect(stderr).toContain(`radlab info: ${file}: not a readable volume: `);
    expect(stderr).toContain(expected);
    expect(stderr).not.toMatch(/Could not read|\n\s+at /);
  });
});

describe("itk-wasm failures are quiet and carry ITK's words", () => {
  it("a folder of non-DICOM files: nothing printed, the error names the folder", async () => {
    const folder = join(dir, "not-dicom");
    mkdirSync(folder);
    writeFileSync(join(folder, "slice1.dcm"), "not a DICOM slice\n");
    const log = vi.spyOn(console, "log");
    const error = vi.spyOn(console, "error");
    try {
      await expect(readVolume(folder)).rejects.toThrow(
        `${folder}: not a readable DICOM series: expected DICOM files ("DICM" after a 128-byte preamble), and none of its 1 file(s) is one (slice1.dcm)`,
      );
      expect([...log.mock.calls, ...error.mock.calls].flat().join("\n")).not.toMatch(/Debug mode|Exception while running pipeline/);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});

describe("no dynamic import vite cannot analyse", () => {
  it("kernel-lib/src has no import() of a template string", () => {
    const offenders: string[] = [];
    const walk = (folder: string) => {
      for (const name of readdirSync(folder)) {
        const path = join(folder, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith(".ts") && /import\(`[^`]*\$\{/.test(readFileSync(path, "utf8"))) offenders.push(path);
      }
    };
    walk(join(REPO_ROOT, "kernel-lib/src"));
    expect(offenders).toEqual([]);
  });
});
