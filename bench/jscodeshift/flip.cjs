// The benchmark's jscodeshift baseline: a plain flip transform for the same flag families as toggle-parallel's
// catalog (src/catalog.ts), written the way such a codemod usually is: parse every file, walk the tree, flip a
// boolean literal where a flag-like name gets one. No text guard before parsing (that is what toggle-parallel's
// prefilter adds), no markers, no revert.
//
//   npx jscodeshift -t bench/jscodeshift/flip.cjs --extensions=ts,tsx,js,jsx,mjs,cjs,mts,cts --dry --silent DIR
"use strict";

const NAME = /parallel[_-]?tool[_-]?(calls|use)/i;
const NEGATION =
  /(^|[^a-z])(disable|disabled|block|no|not|never|prevent|without|skip|deny|forbid|avoid|suppress|off|sequential|serial)([^a-z]|$)/i;

/** The literal that switches parallel tool calls on for this name, or undefined when the name is not a flag. */
function enabledValue(name) {
  if (typeof name !== "string" || !NAME.test(name)) return undefined;
  if (/^(supports|max|min)/i.test(name)) return undefined; // capability descriptions
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2");
  return NEGATION.test(spaced) || /parallel[_-]?tool[_-]?use/i.test(name) ? false : true;
}

function keyName(node) {
  if (!node) return undefined;
  if (node.type === "Identifier" || node.type === "JSXIdentifier") return node.name;
  if (node.type === "StringLiteral" || node.type === "Literal") return String(node.value);
  if (node.type === "MemberExpression") return node.computed ? keyName(node.property) : node.property.name;
  return undefined;
}

/** The name a boolean literal is given to: object key, assignment target, variable, field, default, JSX attribute. */
function nameFor(path) {
  let child = path;
  let parent = path.parent;
  // Through `(x)`, `x as const`, `x satisfies T`, `{x}` in JSX.
  while (
    parent &&
    /^(TSAsExpression|TSSatisfiesExpression|ParenthesizedExpression|JSXExpressionContainer)$/.test(parent.node.type)
  ) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return undefined;
  const node = parent.node;
  switch (node.type) {
    case "ObjectProperty":
    case "ClassProperty":
      return node.value === child.node ? keyName(node.key) : undefined;
    case "AssignmentExpression":
      return node.right === child.node ? keyName(node.left) : undefined;
    case "VariableDeclarator":
      return node.init === child.node ? keyName(node.id) : undefined;
    case "AssignmentPattern":
      return node.right === child.node ? keyName(node.left) : undefined;
    case "JSXAttribute":
      return keyName(node.name);
    default:
      return undefined;
  }
}

module.exports = function flip(file, api) {
  const j = api.jscodeshift;
  const root = j(file.source);
  let changed = 0;
  root.find(j.BooleanLiteral).forEach((path) => {
    const want = enabledValue(nameFor(path));
    if (want === undefined || path.node.value === want) return;
    path.node.value = want;
    changed++;
  });
  return changed ? root.toSource() : undefined;
};

module.exports.parser = "tsx";
