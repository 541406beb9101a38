const { LANGUAGES, languageFor } = require("./dist/languages/index");
const fs = require("fs");
(async () => { await Promise.all(LANGUAGES.map((l) => l.prepare?.())); const f = process.argv[2]; const a = languageFor(f).analyze(fs.readFileSync(f, "utf8"), f, {}); console.log(a.problems.slice(0, 3)); })();
