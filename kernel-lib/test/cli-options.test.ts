import { describe, expect, it, vi } from "vitest";
import { COMMANDS } from "../src/cli/commands.js";
import { CliUsageError, EXIT, reportError } from "../src/cli/errors.js";
import { main } from "../src/cli/main.js";
import { COMMON_OPTIONS, type CommandSpec, commandHelp, parseCommand } from "../src/cli/options.js";
import { DEMO_DEFAULT_SEED } from "../src/demo/cohort.js";
import { groupSizes, STUDY_SIZE } from "../src/demo/design.js";
import { RadlabInputError } from "../src/errors.js";
import { runStudy } from "../src/stats/study.js";
import { parseStudyTable } from "../src/stats/table.js";
import { runRadlab } from "./built-cli.js";

const radlab = runRadlab;

describe("help is generated from the option table", () => {
  it("radlab model --help (built CLI) is the table's help and lists every flag with its help line", async () => {
    const { code, stdout } = await radlab("model", "--help");
    expect(code).toBe(0);
    expect(stdout.trimEnd()).toBe(commandHelp("model", COMMANDS.model));
    for (const [flag, o] of Object.entries(COMMANDS.model.options)) {
      const line = stdout.split("\n").findIndex((l) => new RegExp(`^  --${flag}( |$)`).test(l));
      expect(line, `--${flag}`).toBeGreaterThan(0);
      // The help sits on the flag's line, or on the next one when the flag is long.
      expect(
        stdout
          .split("\n")
          .slice(line, line + 2)
          .join(" "),
      ).toContain(o.help);
    }
  });

  it("every command's help names every option of its table and the common ones", () => {
    for (const [name, spec] of Object.entries(COMMANDS) as [string, CommandSpec][]) {
      const help = commandHelp(name, spec);
      for (const flag of [...Object.keys(spec.options), ...Object.keys(COMMON_OPTIONS)]) expect(help, `${name} --${flag}`).toMatch(new RegExp(`--${flag}\\b`));
      for (const [flag, o] of Object.entries(spec.options)) {
        if (o.required && !spec.modes) expect(help).toMatch(new RegExp(`usage: radlab ${name} .*--${flag}`));
        if (o.default !== undefined && o.type !== "boolean") expect(help).toContain(`(default: ${o.default})`);
      }
    }
    // extract has two modes: one usage line each.
    expect(commandHelp("extract", COMMANDS.extract)).toMatch(
      /usage: radlab extract --image IMG --mask MASK \[options\]\n {7}radlab extract --manifest M\.csv --out FILE \[options\]/,
    );
  });

  it("the defaults the tables show are the library's (runStudy with no options, the demo generator)", () => {
    const lines = ["id,outcome,f1,f2"];
    for (let i = 0; i < 40; i++) lines.push(`p${i},${i % 2},${(i % 2) + Math.sin(i * 2.1)},${Math.cos(i * 1.3)}`);
    const settings = runStudy(parseStudyTable(lines.join("\n"), { outcome: "outcome" }, "small.csv"), {}).settings;
    const m = COMMANDS.model.options;
    expect({
      seed: settings.seed,
      nfolds: settings.nfolds,
      lambda: settings.lambda,
      measure: settings.measure,
      radscore: settings.radscore,
      bootstrap: settings.bootstrapB,
      cvPreprocessing: settings.cvPreprocessing,
      outlierSd: settings.preprocess.outlierSd,
    }).toEqual({
      seed: m.seed.default,
      nfolds: Number(/default: (\d+)/.exec(m.nfolds.help)?.[1]),
      lambda: m.lambda.default,
      measure: m.measure.default,
      radscore: m.radscore.default,
      bootstrap: m.bootstrap.default,
      cvPreprocessing: m["cv-preprocessing"].default,
      outlierSd: m["outlier-sd"].default,
    });
    expect(COMMANDS["demo-data"].options.seed.default).toBe(DEMO_DEFAULT_SEED);
    expect(COMMANDS["demo-data"].options.cases.default).toBe(STUDY_SIZE);
    expect(COMMANDS.study.options.seed.default).toBe(DEMO_DEFAULT_SEED);
    expect(COMMANDS.study.options.cases.default).toBe(STUDY_SIZE);
  });
});

describe("parsing from the table", () => {
  const spec = {
    summary: "a test command",
    options: {
      n: { type: "integer", min: 3, default: 10, help: "n" },
      k: { type: "integer", min: 0, max: 99, help: "k" },
      x: { type: "number", help: "x" },
      kind: { type: "choice", choices: ["a", "b"], default: "a", help: "kind" },
      cols: { type: "list", help: "cols" },
      file: { type: "string", required: true, help: "the file" },
      flag: { type: "boolean", help: "flag" },
    },
  } as const satisfies CommandSpec;

  it("converts each type and fills defaults", () => {
    const { values } = parseCommand("t", spec, ["--file", "f", "--n", "4", "--x=-0.5", "--cols", "a, b,,c", "--flag"]);
    expect(values).toEqual({ n: 4, k: undefined, x: -0.5, kind: "a", cols: ["a", "b", "c"], file: "f", flag: true });
    expect(parseCommand("t", spec, ["--file", "f"]).values).toEqual({ n: 10, k: undefined, x: undefined, kind: "a", cols: undefined, file: "f", flag: false });
  });

  it("rejects a malformed value, an unknown flag, a missing required flag, a stray argument", () => {
    const message = (argv: string[]) => {
      try {
        parseCommand("t", spec, argv);
      } catch (error) {
        expect(error).toBeInstanceOf(CliUsageError);
        return (error as Error).message;
      }
      return "no error";
    };
    expect(message(["--file", "f", "--n", "2"])).toBe('--n must be an integer ≥ 3, got "2"');
    expect(message(["--file", "f", "--n", "3.5"])).toBe('--n must be an integer ≥ 3, got "3.5"');
    expect(message(["--file", "f", "--k", "100"])).toBe('--k must be an integer in 0..99, got "100"');
    expect(message(["--file", "f", "--x", "abc"])).toBe('--x must be a number, got "abc"');
    expect(message(["--file", "f", "--kind", "c"])).toBe('--kind must be one of a, b, got "c"');
    expect(message(["--file", "f", "--nope"])).toBe("unknown option --nope");
    expect(message([])).toBe("missing --file (the file)");
    expect(message(["--x", "-1", "--file", "f"])).toBe('option --x needs a value (one that starts with "-" is written --x=-VALUE)');
    expect(message(["--file", "f", "extra"])).toMatch(/extra/);
  });
});

describe("one error printer", () => {
  it("a usage error through the built CLI: exit 2, the message, a pointer to --help, no stack trace", async () => {
    for (const argv of [
      ["model", "--features", "f.csv", "--outcome", "y", "--split", "set", "--out", "r.json", "--nfolds", "two"],
      ["extract", "--image", "a.nii", "--manifest", "m.csv"],
      ["info"],
      ["figures", "--result", "r.json"],
    ]) {
      const { code, stderr } = await radlab(...argv);
      expect(code, argv.join(" ")).toBe(EXIT.badInput);
      expect(stderr).toMatch(new RegExp(`^radlab ${argv[0]}: .+\nsee \`radlab ${argv[0]} --help\`\n$`));
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("too small or too large numbers (demo-data --cases 3, a seed ≥ 2^32) are usage errors that say the range, not internal errors", async () => {
    const cases: [string[], string][] = [
      [["demo-data", "--out", "never-written", "--cases", "3"], '--cases must be an integer ≥ 4, got "3"'],
      [["demo-data", "--out", "never-written", "--seed", "4294967296"], '--seed must be an integer in 0..4294967295, got "4294967296"'],
      [["study", "--data", "never-written", "--cases", "5"], '--cases must be an integer ≥ 12, got "5"'],
    ];
    for (const [argv, message] of cases) {
      const { code, stderr } = await radlab(...argv);
      expect(code, argv.join(" ")).toBe(EXIT.badInput);
      expect(stderr).toBe(`radlab ${argv[0]}: ${message}\nsee \`radlab ${argv[0]} --help\`\n`);
    }
    // The library says the same to a notebook: an input error, not a RangeError.
    expect(() => groupSizes(3)).toThrow(RadlabInputError);
  });

  it("an input error names the file; an unexpected error shows its stack only with --debug", () => {
    const lines: string[] = [];
    const write = (t: string) => void lines.push(t);
    expect(reportError("model", new RadlabInputError("t.csv: no column y", "t.csv"), { write, debug: false })).toBe(EXIT.badInput);
    expect(lines.join("")).toBe("radlab model: t.csv: no column y\n");
    lines.length = 0;
    expect(reportError("model", new TypeError("x is undefined"), { write, debug: false })).toBe(EXIT.internal);
    expect(lines.join("")).toBe("radlab model: internal error: x is undefined\n(rerun with --debug for the stack trace)\n");
    lines.length = 0;
    reportError("model", new TypeError("x is undefined"), { write, debug: true });
    expect(lines.join("")).toMatch(/internal error: x is undefined\nTypeError: x is undefined\n\s+at /);
  });

  it("main never throws: an error inside a command comes back as its exit status", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      expect(await main(["info", "/nonexistent/volume.nii.gz"])).toBe(EXIT.badInput);
      expect(error.mock.calls.flat().join("\n")).toMatch(/^radlab info: .*\/nonexistent\/volume\.nii\.gz/);
    } finally {
      error.mockRestore();
    }
  });
});
