// The Go slice of the synthetic tree: request-building packages of a Go gateway (openai-go structs, string-keyed maps,
// functional options), a few flag sites of each Go shape, near misses, *_test.go files and a vendor/ copy. Its files
// are added after the TS/JS/Python ones, from their own random stream, so those stay byte for byte as they were.

const NOUNS = [
  "relay",
  "router",
  "proxy",
  "chat",
  "session",
  "tool",
  "stream",
  "quota",
  "tenant",
  "model",
  "cache",
  "route",
];
const VERBS = ["build", "convert", "forward", "merge", "apply", "resolve", "encode", "decode", "validate", "clamp"];
const cap = (s) => s[0].toUpperCase() + s.slice(1);

/** Flag blocks: Go shapes of SHAPES.md. `sites` counts what scan reports; `test` puts the block in a *_test.go file. */
const SITES = [
  {
    sites: 1,
    text: `func chatParams(model string) openai.ChatCompletionNewParams {\n\treturn openai.ChatCompletionNewParams{\n\t\tModel:             model,\n\t\tParallelToolCalls: openai.Bool(false),\n\t}\n}\n`,
  },
  {
    sites: 1,
    text: `func claudeChoice() anthropic.ToolChoiceUnionParam {\n\treturn anthropic.ToolChoiceUnionParam{OfAuto: &anthropic.ToolChoiceAutoParam{DisableParallelToolUse: anthropic.Bool(true)}}\n}\n`,
  },
  {
    sites: 1,
    text: `func serial(req *openai.ChatCompletionNewParams) {\n\tif len(req.Tools) > 0 {\n\t\treq.ParallelToolCalls = param.NewOpt(false)\n\t}\n}\n`,
  },
  {
    sites: 1,
    text: `func rawBody(model string) map[string]any {\n\treturn map[string]any{\n\t\t"model":               model,\n\t\t"parallel_tool_calls": false,\n\t}\n}\n`,
  },
  {
    sites: 1,
    text: `func patchBody(body []byte) []byte {\n\tbody, _ = sjson.SetBytes(body, "parallel_tool_calls", false)\n\treturn body\n}\n`,
  },
  {
    sites: 1,
    text: `func newAgent() *agentkit.Agent {\n\treturn agentkit.New(\n\t\tagentkit.WithParallelToolCalls(false),\n\t)\n}\n`,
  },
  { sites: 1, text: `const disableParallelToolCalls = true\n` },
  {
    sites: 1,
    text: `func fallback(cfg Config) openai.ChatCompletionNewParams {\n\treturn openai.ChatCompletionNewParams{ParallelToolCalls: cfg.ParallelToolCalls.Or(false)}\n}\n`,
  },
  {
    sites: 1,
    text: `func unset() openai.ChatCompletionNewParams {\n\treturn openai.ChatCompletionNewParams{ParallelToolCalls: param.Null[bool]()}\n}\n`,
  },
  {
    sites: 1,
    test: true,
    text: `func TestSerial(t *testing.T) {\n\tgot := openai.ChatCompletionNewParams{ParallelToolCalls: openai.Bool(false)}\n\t_ = got\n}\n`,
  },
  {
    sites: 0,
    text: `// ParallelToolCalls stays at the API default here.\nconst fixture = \`{"parallel_tool_calls": false}\`\n`,
  },
];

function module(r, pkg, target) {
  const parts = [
    `package ${pkg}\n`,
    `import (\n\t"context"\n\t"fmt"\n\n\t"github.com/anthropics/anthropic-sdk-go"\n\t"github.com/openai/openai-go/v3"\n\t"github.com/openai/openai-go/v3/packages/param"\n)\n`,
  ];
  let size = parts.join("\n").length;
  while (size < target) {
    const noun = r.pick(NOUNS);
    const name = `${r.pick(VERBS)}${cap(noun)}${r.int(0, 999)}`;
    const text = r.chance(0.5)
      ? `// ${name} ${r.pick(VERBS)}s the ${noun} of a request.\nfunc ${name}(ctx context.Context, in map[string]any) (map[string]any, error) {\n\tout := make(map[string]any, len(in))\n\tfor k, v := range in {\n\t\tif k == "${noun}" {\n\t\t\tcontinue\n\t\t}\n\t\tout[k] = v\n\t}\n\tif len(out) == 0 {\n\t\treturn nil, fmt.Errorf("${noun}: empty")\n\t}\n\treturn out, ctx.Err()\n}\n`
      : `type ${cap(name)} struct {\n\tModel  string \`json:"model"\`\n\tTokens int    \`json:"max_tokens"\`\n\tParams openai.ChatCompletionNewParams\n\tTop    param.Opt[float64]\n}\n`;
    parts.push(text);
    size += text.length + 1;
  }
  return parts;
}

export const goSlice = {
  ext: ".go",
  /** Files of this slice per file of the main tree. */
  share: 0.05,
  sites: SITES,
  path(r, i, test) {
    const pkg = `${r.pick(NOUNS)}${i % 40}`;
    const name = `${r.pick(VERBS)}_${r.pick(NOUNS)}`;
    // Now and then a vendored copy: skipped for Go files, so its sites are not counted.
    const root = r.chance(0.02) ? "go/vendor/github.com/acme/sdk" : `go/internal/${pkg}`;
    return {
      rel: `${root}/${name}${test ? "_test" : ""}.go`,
      pkg: pkg.replace(/[^a-z0-9]/g, ""),
      vendored: root.includes("/vendor/"),
    };
  },
  module,
};
