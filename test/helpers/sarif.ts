// The official SARIF 2.1.0 JSON schema (the schemastore copy, 2.1.0-rtm.5, draft-04, as @microsoft/jest-sarif ships
// it), compiled once with ajv, for the tests of scan/audit --format sarif and of the GitHub Action.
import fs from "node:fs";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { expect } from "vitest";

const SCHEMA = JSON.parse(
  fs.readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"),
);

// unicodeRegExp off: the schema's `language` pattern has a stray "]" that only a unicode-mode RegExp rejects.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
export const validateSarif = ajv.compile(SCHEMA);

export function expectValidSarif(log: unknown): void {
  const ok = validateSarif(log);
  expect(ok ? [] : validateSarif.errors).toEqual([]);
}
