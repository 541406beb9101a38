const { LANGUAGES, languageFor } = require("./dist/languages/index");
const fs = require("fs"); const cp = require("child_process");
(async () => {
  await Promise.all(LANGUAGES.map((l) => l.prepare?.()));
  const stats = {};
  for (const repo of fs.readdirSync("/work/repos")) {
    let files;
    try { files = cp.execSync(`git -C /work/repos/${repo} ls-files '*.yaml' '*.yml' '*.toml' '*.properties'`, { encoding: "utf8", maxBuffer: 1 << 26 }).split("\n").filter(Boolean); } catch { continue; }
    for (const f of files) {
      const p = `/work/repos/${repo}/${f}`; let text;
      try { text = fs.readFileSync(p, "utf8"); } catch { continue; }
      if (text.length > 2e6) continue;
      if (text.startsWith("\uFEFF")) text = text.slice(1);
      const lang = languageFor(f); const s = (stats[lang.id] ??= { files: 0, errors: 0, ex: [] });
      s.files++;
      const a = lang.analyze(text, f, {});
      if (a.problems.length) { s.errors++; if (s.ex.length < 40) s.ex.push(`${repo}/${f}:${a.problems[0].line}`); }
    }
  }
  console.log(JSON.stringify(stats, null, 1));
})();
