// Reads test/fixtures/<case>/{input,output}.<ext> pairs and their optional options.json.
import fs from "node:fs";
import path from "node:path";

export const FIXTURES = path.join(__dirname, "..", "fixtures");

export interface FixtureOptions {
  mode?: "apply" | "revert";
  tag?: string;
  includeTests?: boolean;
  includeDefaults?: boolean;
}

export interface Fixture {
  name: string;
  /** The input's file name, e.g. input.ts or input.test.ts: its path decides the language and test-file rules. */
  inputName: string;
  input: string;
  output: string;
  options: FixtureOptions;
}

export function readFixtures(): Fixture[] {
  return fs
    .readdirSync(FIXTURES)
    .sort()
    .flatMap((name) => {
      const dir = path.join(FIXTURES, name);
      if (!fs.statSync(dir).isDirectory()) return [];
      const inputName = fs.readdirSync(dir).find((f) => /^input[._]/.test(f));
      if (!inputName) return [];
      const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
      const optionsFile = path.join(dir, "options.json");
      return [
        {
          name,
          inputName,
          input: read(inputName),
          output: read(inputName.replace(/^input/, "output")),
          options: fs.existsSync(optionsFile)
            ? (JSON.parse(fs.readFileSync(optionsFile, "utf8")) as FixtureOptions)
            : {},
        },
      ];
    });
}
