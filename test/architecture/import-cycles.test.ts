// The modules of src/ are layered: base types at the bottom (model, catalog, marker, text, result), the pipeline,
// languages and audit above them, render, the API and the CLI on top. A cycle would mean a base module reaching up
// into a feature. Type-only imports count: they tie the layers as much as value imports do.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = path.join(__dirname, "..", "..", "src");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(abs);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [abs] : [];
  });
}

/** The relative modules a file imports or re-exports (static imports, and require("./x") of lazy loads). */
function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      specifiers.push(node.argument.literal.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.getText(source) === "require" &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers
    .filter((s) => s.startsWith("."))
    .map((s) => resolve(path.dirname(file), s))
    .filter((f): f is string => f !== undefined);
}

function resolve(dir: string, specifier: string): string | undefined {
  const base = path.join(dir, specifier);
  return [`${base}.ts`, path.join(base, "index.ts")].find((f) => fs.existsSync(f));
}

/** Every cycle's modules, found by a depth-first walk (each cycle named once, from where the walk met it). */
function importCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const walk = (file: string): void => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) walk(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) walk(file);
  return cycles;
}

describe("src/ import graph", () => {
  it("has no import cycle", () => {
    const graph = new Map(sourceFiles(SRC).map((f) => [f, importsOf(f)]));
    const named = importCycles(graph).map((c) => c.map((f) => path.relative(SRC, f)).join(" -> "));
    expect(named).toEqual([]);
  });

  it("finds a cycle when there is one (the check itself)", () => {
    const graph = new Map([
      ["model", ["audit"]],
      ["audit", ["catalog"]],
      ["catalog", ["model"]],
      ["cli", ["model"]],
    ]);
    expect(importCycles(graph)).toEqual([["model", "audit", "catalog", "model"]]);
  });
});
