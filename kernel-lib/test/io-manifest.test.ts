import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ManifestError, readManifest } from "../src/index.js";
import { parseCsv } from "../src/io/csv.js";

const folder = mkdtempSync(join(tmpdir(), "radlab-manifest-"));
mkdirSync(join(folder, "img"));
for (const f of ["img/a.nii.gz", "img/a_mask.nii.gz", "img/b.nii.gz", "img/b_mask.nii.gz"]) writeFileSync(join(folder, f), "x");

function manifest(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

describe("manifest", () => {
  it("resolves paths against the manifest's folder and carries clinical columns", () => {
    const m = readManifest(
      manifest("ok.csv", 'id,image,mask,label,age,outcome\nA,img/a.nii.gz,img/a_mask.nii.gz,2,61,1\r\nB,img/b.nii.gz,img/b_mask.nii.gz,,"47",0\n'),
    );
    expect(m.cases.map((c) => c.id)).toEqual(["A", "B"]);
    expect(m.cases[0].image).toBe(join(folder, "img/a.nii.gz"));
    expect(m.cases[0].label).toBe(2);
    expect(m.cases[1].label).toBeUndefined();
    expect(m.clinicalColumns).toEqual(["age", "outcome"]);
    expect(m.cases[1].clinical).toEqual({ age: "47", outcome: "0" });
    expect(m.cases[1].line).toBe(3);
  });

  it("reports every problem at once, each with line and column", () => {
    const path = manifest(
      "bad.csv",
      [
        "id,image,mask,label",
        "A,img/a.nii.gz,img/a_mask.nii.gz,1",
        "A,img/b.nii.gz,img/b_mask.nii.gz,1",
        "C,img/missing.nii.gz,img/b_mask.nii.gz,1",
        "D,,img/b_mask.nii.gz,x",
      ].join("\n"),
    );
    let error: ManifestError | undefined;
    try {
      readManifest(path);
    } catch (e) {
      error = e as ManifestError;
    }
    expect(error).toBeInstanceOf(ManifestError);
    const problems = error?.problems.map((p) => `${p.line}:${p.column}`);
    expect(problems).toEqual(["3:id", "4:image", "5:image", "5:label"]);
    expect(error?.message).toContain(path);
    expect(error?.message).toMatch(/line 3, column "id": duplicate id "A" \(first on line 2\)/);
    expect(error?.message).toMatch(/line 4, column "image": file not found: .*missing\.nii\.gz/);
    expect(error?.message).toMatch(/line 5, column "image": empty cell/);
  });

  it("names a missing required column", () => {
    expect(() => readManifest(manifest("nomask.csv", "id,image\nA,img/a.nii.gz\n"))).toThrow(/required column "mask" is missing/);
  });

  it("a feature table given as the manifest: the missing columns named once each, the header shortened", () => {
    const header = ["id", ...Array.from({ length: 400 }, (_, i) => `f${i}`)];
    const message = (() => {
      try {
        readManifest(
          manifest(
            "features.csv",
            `${header.join(",")}\nA,${header
              .slice(1)
              .map(() => 1)
              .join(",")}\n`,
          ),
        );
      } catch (error) {
        return (error as Error).message;
      }
      return "no error";
    })();
    expect(message).toMatch(/required column "image" is missing \(header: id,f0,f1,f2,f3,f4,f5,f6,… \(401 columns\)\)/);
    expect(message.length).toBeLessThan(600);
  });

  it("parses quoted fields with commas, quotes and newlines", () => {
    expect(parseCsv('a,"b,c","d ""e""","f\ng"\n1,2,3,4')).toEqual([
      ["a", "b,c", 'd "e"', "f\ng"],
      ["1", "2", "3", "4"],
    ]);
  });
});
