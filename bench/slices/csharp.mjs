// The C# slice of the synthetic monorepo: .NET services under dotnet/, each a namespace with a class or two of
// ordinary code (properties, LINQ, async methods, records), and a few files with one of the C# flag shapes.
// Written after the TS/Python files with its own random stream, so those stay byte for byte what they were.

const NOUNS = [
  "Order",
  "Invoice",
  "Session",
  "Message",
  "Thread",
  "Provider",
  "Model",
  "Request",
  "Response",
  "Tool",
  "Task",
  "Queue",
  "Worker",
  "Cache",
  "Store",
  "Record",
  "Event",
  "Handler",
  "Route",
  "Profile",
  "Workspace",
  "Document",
  "Budget",
];
const AREAS = ["Core", "Services", "Agents", "Api", "Storage", "Tools", "Infrastructure"];
const TYPES = ["string", "int", "bool", "decimal", "DateTimeOffset", "Guid", "IReadOnlyList<string>"];

/** One file's worth of ordinary C#, about `target` characters. */
function module(r, ns, cls, target) {
  const out = [
    `using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n\nnamespace ${ns};\n`,
  ];
  let size = out[0].length;
  let n = 0;
  while (size < target) {
    const name = `${cls}${n === 0 ? "" : n}`;
    const noun = r.pick(NOUNS);
    const lines = [`public sealed class ${name}`, "{"];
    for (let i = 0; i < r.int(2, 6); i++) lines.push(`    public ${r.pick(TYPES)} ${r.pick(NOUNS)}${i} { get; set; }`);
    lines.push(`    private readonly Dictionary<string, ${noun}> _items = new();`, "");
    lines.push(
      `    public async Task<IReadOnlyList<${noun}>> Load${noun}sAsync(string key, CancellationToken ct = default)`,
      "    {",
    );
    lines.push(
      `        await Task.Delay(${r.int(1, 50)}, ct);`,
      `        return _items.Values.Where(x => x is not null).Take(${r.int(2, 40)}).ToList();`,
      "    }",
      "",
    );
    lines.push(`    public record ${noun}Snapshot(string Id, int Count, bool Active = ${r.chance(0.5)});`, "}", "");
    const text = lines.join("\n");
    out.push(text);
    size += text.length;
    n++;
  }
  return out;
}

/** Flag blocks: each a class member or statement the finder reads, and how many sites it holds. */
const SITES = [
  {
    sites: 1,
    text: "public static class PlannerDefaults\n{\n    public static ChatCompletionOptions Create() => new ChatCompletionOptions { AllowParallelToolCalls = false };\n}\n",
  },
  {
    sites: 1,
    text: "public static class ChatDefaults\n{\n    public static ChatOptions Create() => new ChatOptions\n    {\n        AllowMultipleToolCalls = false,\n    };\n}\n",
  },
  {
    sites: 1,
    text: "public sealed class KernelSettings\n{\n    public FunctionChoiceBehaviorOptions Options { get; } = new() { AllowParallelCalls = false };\n}\n",
  },
  {
    sites: 1,
    text: "public sealed class DispatchSettings\n{\n    public bool? AllowParallelToolCalls { get; set; } = Defaults.ParallelToolCalls;\n}\n",
  },
  {
    sites: 1,
    test: true,
    text: "public sealed class OptionsTests\n{\n    public void KeepsOne() { var o = new ChatCompletionOptions(); o.AllowParallelToolCalls = false; }\n}\n",
  },
  {
    sites: 0,
    text: 'public static class Notes\n{\n    public const string Yaml = """\n        allowMultipleToolCalls: false\n        """;\n}\n',
  },
];

export const csharpSlice = {
  ext: ".cs",
  /** Files of this slice per file of the main tree. */
  share: 0.025,
  sites: SITES,
  /** Test files go into a *.Tests project. */
  path(r, i, test) {
    const project = `Bench.${r.pick(AREAS)}${i % 40}`;
    const cls = `${r.pick(NOUNS)}${r.pick(["Service", "Client", "Repository", "Factory", "Handler"])}`;
    const rel = test
      ? `dotnet/tests/${project}.Tests/${cls}Tests${i}.cs`
      : `dotnet/src/${project}/${r.pick(AREAS)}/${cls}${i}.cs`;
    return { rel, pkg: test ? `${project}.Tests` : project, vendored: false };
  },
  module: (r, ns, target) => module(r, ns, `${r.pick(NOUNS)}${r.pick(["Service", "Client", "Repository"])}`, target),
};
